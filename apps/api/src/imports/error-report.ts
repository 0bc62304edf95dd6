import type { ColumnInfo, Row } from '@ferry/sdk';
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { rowKey } from '@ferry/connectors/step-row-fixes';

/** Rejected rows by row key, each with what was wrong. */
export type RejectedRows = Map<string, string[]>;

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab or
 * carriage return before them) as a formula; such cells get a leading
 * apostrophe, which the program shows as text.
 */
export function neutralise(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
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

/** The report's lines: the rejected rows' original columns, then where they were and what was wrong. */
async function* lines(report: ErrorReport): AsyncIterable<string[]> {
  // Headers come from the uploaded file too: neutralised like every cell.
  yield [...(report.sheets ? ['Sheet'] : []), 'Row', ...report.columns.map((c) => neutralise(c.header || c.key)), 'Errors'];
  let left = report.rejected.size;
  for await (const row of report.rows) {
    if (left === 0) break;
    const key = rowKey(row.at);
    const messages = report.rejected.get(key);
    if (!messages) continue;
    left--;
    const values = { ...row.values, ...(report.fixes[key] ?? {}) } as Record<string, unknown>;
    yield [...(report.sheets ? [neutralise(row.at.sheet)] : []), String(row.at.row), ...report.columns.map((c) => neutralise(values[c.key])), neutralise(messages.join(' | '))];
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
