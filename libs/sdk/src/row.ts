import type { RowIssue } from './issue';

/** Where a row came from, in the terms the user sees in their spreadsheet. */
export interface RowOrigin {
  /** The file's label (its original name), or the name of the stream it came from. */
  readonly file: string;
  /** The sheet or stream inside the file, when there are several. */
  readonly sheet?: string;
  /** The row number the spreadsheet shows: the header is row 1, the first data row is row 2. */
  readonly row: number;
}

/**
 * A row's cells, keyed by column (as read) or by field (after `map-columns`).
 * Always created with {@link createValues}: it has no prototype, so headers such as
 * `__proto__` or `constructor` are ordinary keys and cannot reach Object.prototype.
 */
export type RowValues = Record<string, unknown>;

/** One row on its way from a source to a sink. */
export interface Row {
  values: RowValues;
  readonly at: RowOrigin;
  /** Problems found so far. A row with an `error` issue is not written. */
  issues: RowIssue[];
  /**
   * Which source column each field came from (set by the mapping step), so a later
   * step can name the column the user knows when it reports a problem.
   */
  columns?: Readonly<Record<string, string>>;
  /**
   * A hash of the pipeline's settings and the row's cells as the source read
   * them, set by the engine when the sink keeps fingerprints (see
   * `SinkWriter.fingerprintSalt`); the sink keeps it with what the row wrote. A step
   * that replaces a row object copies it.
   */
  fingerprint?: string;
}

/** A prototype-free object for row values (see {@link RowValues}). */
export function createValues(entries?: Iterable<readonly [string, unknown]>): RowValues {
  const values = Object.create(null) as RowValues;
  if (entries) for (const [key, value] of entries) values[key] = value;
  return values;
}

/** Creates a row with no issues. */
export function createRow(values: RowValues, at: RowOrigin): Row {
  // Every property a row may get later, from the start: rows keep one shape on the hot path.
  return { values, at, issues: [], columns: undefined, fingerprint: undefined };
}

/** The column a field was read from, or the field's own name when unmapped. */
export function columnOf(row: Row, field: string): string {
  return row.columns?.[field] ?? field;
}
