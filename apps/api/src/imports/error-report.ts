import type { ColumnInfo, Row } from '@ferry/sdk';
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { rowKey } from '@ferry/connectors/step-row-fixes';
import type { RejectedRow, RunStore } from '@ferry/domain';

/**
 * The rejected rows, read a sheet at a time in row order (never all at
 * once: a file of a million bad rows makes a report, not a full memory).
 */
export interface RejectedRows {
  /** How many there are: once all are found, the rest of the file is not read. */
  count: number;
  /** One sheet's (undefined: a file without sheets), in row order, each with its messages. */
  ofSheet(sheet: string | undefined): AsyncIterable<RejectedRow>;
}

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab or
 * carriage return before them) as a formula; such cells get a leading
 * apostrophe, which the program shows as text.
 */
export function neutralise(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A run that rejected nothing (or an import never validated). */
export const NO_REJECTIONS: RejectedRows = { count: 0, ofSheet: async function* () {} };

/** The rejected rows a run recorded, read from the store a page at a time. */
export async function storedRejections(runs: RunStore, workspaceId: string, runId: string, pageSize = 5000): Promise<RejectedRows> {
  return {
    count: await runs.rejectedRowCount(workspaceId, runId),
    async *ofSheet(sheet) {
      for (let after = 0; ;) {
        const page = await runs.rejectedRows(workspaceId, runId, sheet ?? null, after, pageSize);
        yield* page;
        if (page.length < pageSize) return;
        after = page[page.length - 1].row;
      }
    },
  };
}

export interface ErrorReport {
  columns: ColumnInfo[];
  /** Whether rows come from several sheets (a Sheet column is added). */
  sheets: boolean;
  rows: AsyncIterable<Row>;
  rejected: RejectedRows;
  /** The admin's fixes: the report shows the values the import read. */
  fixes: Record<string, Record<string, string>>;
}

/**
 * The report's lines: the rejected rows' original columns, then where they
 * were and what was wrong. The file's rows and the rejected rows are both in
 * row order within a sheet, so one pass over each pairs them.
 */
async function* lines(report: ErrorReport): AsyncIterable<string[]> {
  // Headers come from the uploaded file too: neutralised like every cell.
  yield [...(report.sheets ? ['Sheet'] : []), 'Row', ...report.columns.map((c) => neutralise(c.header || c.key)), 'Errors'];
  let left = report.rejected.count;
  if (left === 0) return;
  let cursor: SheetCursor | undefined;
  for await (const row of report.rows) {
    if (!cursor || cursor.sheet !== row.at.sheet) cursor = new SheetCursor(row.at.sheet, report.rejected.ofSheet(row.at.sheet));
    const messages = await cursor.messagesFor(row.at.row);
    if (!messages) continue;
    const key = rowKey(row.at);
    const values = { ...row.values, ...(report.fixes[key] ?? {}) } as Record<string, unknown>;
    yield [...(report.sheets ? [neutralise(row.at.sheet)] : []), String(row.at.row), ...report.columns.map((c) => neutralise(values[c.key])), neutralise(messages.join(' | '))];
    if (--left === 0) return;
  }
}

/** Walks one sheet's rejected rows alongside its rows. */
class SheetCursor {
  private readonly rejected: AsyncIterator<RejectedRow>;
  private next?: RejectedRow;
  private done = false;

  constructor(
    readonly sheet: string | undefined,
    rejected: AsyncIterable<RejectedRow>,
  ) {
    this.rejected = rejected[Symbol.asyncIterator]();
  }

  /** The messages of row `row` when it was rejected; rows must be asked for in increasing order. */
  async messagesFor(row: number): Promise<string[] | undefined> {
    while (!this.done && (!this.next || this.next.row < row)) {
      const step = await this.rejected.next();
      this.done = step.done === true;
      this.next = step.done ? undefined : step.value;
    }
    return this.next?.row === row ? this.next.messages : undefined;
  }
}

export async function writeCsvReport(report: ErrorReport, out: Writable): Promise<void> {
  // A byte-order mark, so Excel opens the UTF-8 file with its accents intact.
  out.write('\ufeff');
  await pipeline(Readable.from(lines(report)), stringify(), out);
}

export async function writeXlsxReport(report: ErrorReport, out: Writable): Promise<void> {
  const ExcelJS = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('Rejected rows');
  for await (const line of lines(report)) sheet.addRow(line).commit();
  sheet.commit();
  await workbook.commit();
}
