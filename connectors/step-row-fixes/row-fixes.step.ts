import type { Row, Step, StepContext, StepPlugin } from '@ferry/sdk';
import { manifest } from './manifest';
import { RowFixesConfig, rowKey } from './row-fixes.config';

/**
 * The admin's review, applied to the rows as read: a fixed row reads the
 * typed-in values instead of the file's (so every later step validates them
 * as it would the file's), an excluded row is dropped (the run counts it
 * skipped). The file itself is never changed.
 */
function createRowFixes(config: RowFixesConfig, _context: StepContext): Step {
  const fixes = new Map(Object.entries(config.fixes));
  const excluded = new Set(config.exclude);
  return {
    transform(rows: Row[]): Row[] {
      if (fixes.size === 0 && excluded.size === 0) return rows;
      const kept: Row[] = [];
      for (const row of rows) {
        const key = rowKey(row.at);
        if (excluded.has(key)) continue;
        const fix = fixes.get(key);
        if (fix) for (const [column, value] of Object.entries(fix)) row.values[column] = value;
        kept.push(row);
      }
      return kept;
    },
    summary: { fixedRows: fixes.size, excludedRows: excluded.size },
  };
}

export const rowFixesStep: StepPlugin<RowFixesConfig> = {
  manifest,
  config: RowFixesConfig,
  create: createRowFixes,
};
