import { teamNameKey } from '@ferry/domain';
import { trimCell } from '@ferry/sdk';

/** A team name may not be longer (as in the team catalog). */
export const MAX_TEAM_NAME = 200;
// Like tags: one cell may name several teams.
const SEPARATORS = /[;,]/;

/** The teams a cell names: split, trimmed, without empties and repeats that differ only in case (the first spelling stays). */
export function teamNames(cell: unknown): string[] {
  if (cell === undefined || cell === null) return [];
  const names = new Map<string, string>();
  for (const item of Array.isArray(cell) ? cell : [cell]) {
    for (const part of String(item).split(SEPARATORS)) {
      const name = trimCell(part, true);
      if (name !== '' && !names.has(teamNameKey(name))) names.set(teamNameKey(name), name);
    }
  }
  return [...names.values()];
}
