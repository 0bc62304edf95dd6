import type { IssueInit, JsonValueOverflow } from '@ferry/sdk';

/** One record of the run's kind as read from the file, before it becomes a row. */
export interface ExportItem {
  /** The row number: the record's position in its list (JSON, from 1) or its line (NDJSON). */
  row: number;
  /** The list it sits in, for a JSON export document (`people`); rows show it as their sheet. */
  sheet?: string;
  /** How messages name it: `people #3`, `record #3`, `line 12`. */
  position: string;
  /** The parsed value; absent when it could not be read (see `problem`). */
  record?: unknown;
  /** Why it cannot be imported as it is (invalid line, too large, unknown kind). */
  problem?: IssueInit;
}

/** The size limits of one run, from `maxValueLength`. */
export interface ExportLimits {
  maxValueLength: number;
  /** A record's text (NDJSON: its line in bytes) may be at most this long. */
  maxRecordSize: number;
}

export function limitsOf(maxValueLength: number): ExportLimits {
  return { maxValueLength, maxRecordSize: 16 * maxValueLength };
}

/** A record the size limits cut short, as a row error. */
export function overflowIssue(position: string, overflow: JsonValueOverflow, limits: ExportLimits): IssueInit {
  if (overflow.reason === 'total') return recordTooLarge(position, overflow.length, limits);
  const where = overflow.path.join('.');
  return {
    column: where || undefined,
    value: `${overflow.start ?? ''}…`,
    code: 'value_too_long',
    message: `${position}: ${where ? `the value of "${where}"` : 'a value'} is ${count(overflow.length)} characters long, more than the ${count(limits.maxValueLength)} Ferry reads (maxValueLength), so the record was left out. Shorten the value, or raise maxValueLength.`,
  };
}

/** `size`: at least this many characters (JSON) or bytes (an NDJSON line). */
export function recordTooLarge(position: string, size: number, limits: ExportLimits): IssueInit {
  return {
    code: 'record_too_large',
    message: `${position} is over ${count(limits.maxRecordSize)} characters long (${count(size)} read), more than one record may have (16 times maxValueLength), so it was left out. Check the record, or raise maxValueLength.`,
  };
}

const count = (n: number) => n.toLocaleString('en-US');
