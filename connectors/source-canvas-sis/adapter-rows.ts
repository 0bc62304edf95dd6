import { createValues, FatalRunError, isBlankCell, isRejected, makeIssue, type IssueInit, type Row, type RowIssue, type RowOrigin } from '@ferry/sdk';

/**
 * Rows an adapter builds from the rows of the source it wraps (csv, xlsx):
 * keyed by the sink's fields, with the origin of the line they came from, so
 * every issue names the row, column and value the admin sees in the export.
 * Shared by the adapters of other platforms' export files.
 */

/** A line the adapter leaves out on purpose (a user deleted in Canvas), with the warnings that say so. */
export interface Skipped {
  skipped: IssueInit[];
}

export type Mapped = Row[] | Skipped;

export const skip = (...inits: IssueInit[]): Skipped => ({ skipped: inits });
export const isSkipped = (mapped: Mapped): mapped is Skipped => !Array.isArray(mapped);

/**
 * A row for the sink: the non-blank values, and for each field the header of
 * the column it came from (what `columnOf` names in issues). Several rows may
 * share one origin (a line with several courses).
 */
export function outRow(at: RowOrigin, fields: [field: string, value: unknown, column: string][]): Row {
  const values = createValues();
  const columns = createValues() as Record<string, string>;
  for (const [field, value, column] of fields) {
    if (isBlankCell(value) || (Array.isArray(value) && value.length === 0)) continue;
    values[field] = value;
    columns[field] = column;
  }
  return { values, at, issues: [], columns };
}

/** The line as a row that is not written: the issue names its column and value. */
export function rejectedRow(at: RowOrigin, init: IssueInit): Row {
  const row: Row = { values: createValues(), at, issues: [] };
  row.issues.push(makeIssue(row, 'error', init));
  return row;
}

/** A row the wrapped source could not read (ragged, unclosed quote): its issues go on, its cells do not. */
export function unreadableRow(row: Row): Row {
  return { values: createValues(), at: row.at, issues: row.issues };
}

/**
 * Hands rows on one behind, so the warning for a line left out can be carried.
 * The engine records the issues of the rows it is given, and a source has no
 * way to hand it a skipped row: the warning (with its own row number) rides
 * on the row held back, or on the next one when none is held yet.
 */
export class SkippedRows {
  private held: Row | undefined;
  private waiting: RowIssue[] = [];
  private handed = 0;
  private skippedCount = 0;

  note(at: RowOrigin, inits: IssueInit[]): void {
    const issues = inits.map((init) => makeIssue({ values: createValues(), at, issues: [] }, 'warning', init));
    this.skippedCount++;
    if (this.held) this.held.issues.push(...issues);
    else this.waiting.push(...issues);
  }

  *pass(row: Row): Generator<Row> {
    if (this.waiting.length > 0) {
      row.issues.push(...this.waiting);
      this.waiting = [];
    }
    if (this.held) yield this.held;
    this.held = row;
    this.handed++;
  }

  /**
   * The row still held. With no row at all there is nothing to import (and
   * nothing to carry the warnings): the run fails, saying why.
   */
  *end(label: string, nothingToImport: string): Generator<Row> {
    if (this.held) yield this.held;
    this.held = undefined;
    if (this.handed > 0) return;
    const first = this.waiting[0];
    const why = first ? ` ${this.skippedCount} row${this.skippedCount === 1 ? ' was' : 's were'} left out, the first (row ${first.row}) because: ${first.message}` : '';
    throw new FatalRunError('nothing_to_import', `"${label}" has nothing to import: ${nothingToImport}.${why}`, { file: label });
  }
}

/**
 * The wrapped source's rows through `mapRow`, in order: unreadable rows as
 * they are, skipped lines as warnings. `nothing` says what a file that gives
 * no row at all lacked.
 */
export async function* mapLines(lines: AsyncIterable<Row>, mapRow: (row: Row) => Mapped, label: string, nothing: string, signal?: AbortSignal): AsyncGenerator<Row> {
  const rows = new SkippedRows();
  for await (const line of lines) {
    if (isRejected(line)) {
      yield* rows.pass(unreadableRow(line));
      continue;
    }
    const mapped = mapRow(line);
    if (isSkipped(mapped)) rows.note(line.at, mapped.skipped);
    else for (const row of mapped) yield* rows.pass(row);
  }
  if (signal?.aborted) return;
  yield* rows.end(label, nothing);
}
