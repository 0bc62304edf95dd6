import { columnOf, isRejected, warnRow, type Row, type Step, type StepContext, type StepPlugin } from '@ferry/sdk';
import { DedupeConfig } from './dedupe.config';
import { hashKey, keyHash } from './key-hash';
import { manifest } from './manifest';
import { SeenKeys } from './seen-keys';

/**
 * Reports, never removes: the sink merges rows with the same email. Each
 * later row gets a warning naming the first row with its key, across batches.
 * Rejected rows are neither reported nor remembered.
 */
function createDedupe(config: DedupeConfig, _context: StepContext): Step {
  const { field } = config;
  const seen = new SeenKeys();
  const code = field === 'email' ? 'duplicate_email' : 'duplicate_value';
  const outcome = field === 'email' ? '; both rows are merged into one contact (later non-empty values win, tags are combined).' : '.';

  return {
    transform(rows: Row[]): Row[] {
      for (const row of rows) {
        const value = row.values[field];
        if (value === undefined || value === null || (row.issues.length > 0 && isRejected(row))) continue;
        if (!hashKey(typeof value === 'string' ? value : String(value))) continue;
        const first = seen.firstRowOf(keyHash.high, keyHash.low, row.at.row);
        if (first === undefined) continue;
        warnRow(row, { column: columnOf(row, field), value, code, message: `Same ${field} as row ${first}${outcome}` });
      }
      return rows;
    },
    // A recognised row repeating an earlier row's key is read after all, to be warned about.
    recognised(rows) {
      seen.settle();
      return rows.filter((row) => {
        const value = row.values[field];
        return value !== undefined && hashKey(value) && !seen.noteRecognised(keyHash.high, keyHash.low, row.at.row);
      });
    },
  };
}

export const dedupeStep: StepPlugin<DedupeConfig> = {
  manifest,
  config: DedupeConfig,
  create: createDedupe,
};
