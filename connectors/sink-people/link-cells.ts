import type { LinkKind, LinkMatch } from '@ferry/domain';
import { columnOf, isBlankCell, trimCell, type IssueInit, type Row } from '@ferry/sdk';

/** One person a row links its student to. */
export interface LinkCell {
  kind: LinkKind;
  matchBy: LinkMatch;
  /** Lower-cased, as contacts are matched. */
  key: string;
  /** As written. */
  value: string;
  /** The user's column header. */
  column: string;
}

const LINK_FIELDS: readonly { field: string; kind: LinkKind; matchBy: LinkMatch }[] = [
  { field: 'parent_email', kind: 'parent', matchBy: 'email' },
  { field: 'parent_username', kind: 'parent', matchBy: 'username' },
  { field: 'instructor_email', kind: 'instructor', matchBy: 'email' },
];

// Two parents often share a cell.
const SEPARATORS = /[;,]/;
const MAX_EMAIL_LENGTH = 254;
// Only a plausibility check: the address must belong to a contact anyway, and contacts' addresses were checked on import.
const EMAIL_SHAPE = /^[^\s@"]+@[^\s@"]+$/;

/** The row's links, one per person named (repeats dropped), or the first cell that is not an address. */
export function readLinks(row: Row): LinkCell[] | IssueInit {
  const links: LinkCell[] = [];
  const seen = new Set<string>();
  for (const { field, kind, matchBy } of LINK_FIELDS) {
    const raw = row.values[field];
    if (isBlankCell(raw)) continue;
    const column = columnOf(row, field);
    for (const part of String(raw).split(SEPARATORS)) {
      const value = trimCell(part, true);
      if (value === '') continue;
      if (matchBy === 'email' && (value.length > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(value))) {
        return { column, value, code: 'invalid_email', message: `"${value}" is not an email address; write the ${kind}'s address, several separated by ";".` };
      }
      const key = value.toLowerCase();
      if (seen.has(`${kind}\u0000${matchBy}\u0000${key}`)) continue;
      seen.add(`${kind}\u0000${matchBy}\u0000${key}`);
      links.push({ kind, matchBy, key, value, column });
    }
  }
  return links;
}
