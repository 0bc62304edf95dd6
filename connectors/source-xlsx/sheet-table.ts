import { isBlankCell, type ColumnInfo, type RowIssue } from '@ferry/sdk';
import { columnsFromHeader } from '../source-csv/header-columns';
import { noHeaderRow, tooManyColumns } from './file-errors';
import { MAX_COLUMNS, type SheetRow } from './sheet-rows';
import type { SheetStream } from './workbook';

export interface SheetHeader {
  /** Excel's number of the header row. */
  row: number;
  columns: ColumnInfo[];
  /** Blank and repeated headers, as warnings on the header row. */
  issues: RowIssue[];
}

/** A sheet's header and the rows after it. */
export interface Table {
  header: SheetHeader;
  /** Rows after the header with anything in them. */
  rows: AsyncGenerator<SheetRow>;
}

/**
 * Finds the header row (the first row with anything in it, or `headerRow`)
 * and hands out the rows after it. Undefined for a sheet with nothing in it.
 * A row with a cell past column XFD fails the run: no valid workbook has one.
 */
export async function openTable(stream: SheetStream, headerRow: number | undefined, file: string): Promise<Table | undefined> {
  const sheet = stream.sheet.name;
  const checked = (row: SheetRow): SheetRow => {
    if (row.overflow) throw tooManyColumns(file, sheet, row.number, MAX_COLUMNS);
    return row;
  };
  let pending: SheetRow[] = [];
  let header: SheetRow | undefined;
  let sawAnything = false;
  search: for (;;) {
    const next = await stream.batches.next();
    if (next.done) break;
    pending = next.value;
    while (pending.length > 0) {
      const row = checked(pending.shift()!);
      const blank = isBlankRow(row);
      sawAnything ||= !blank;
      if (headerRow === undefined ? !blank : row.number === headerRow) {
        header = row;
        break search;
      }
      if (headerRow !== undefined && row.number > headerRow) break search;
    }
  }
  if (!header || isBlankRow(header)) {
    // The configured row is missing or empty: an error, unless the sheet has nothing at all.
    if (headerRow === undefined) return undefined;
    if (sawAnything || pending.some((row) => !isBlankRow(checked(row)))) throw noHeaderRow(file, sheet, headerRow);
    for await (const batch of stream.batches) if (batch.some((row) => !isBlankRow(checked(row)))) throw noHeaderRow(file, sheet, headerRow);
    return undefined;
  }

  const rest = pending;
  async function* rows(): AsyncGenerator<SheetRow> {
    for (const row of rest) if (!isBlankRow(checked(row))) yield row;
    for await (const batch of stream.batches) {
      for (const row of batch) if (!isBlankRow(checked(row))) yield row;
    }
  }
  return { header: headerOf(header, sheet, file), rows: rows() };
}

function headerOf(row: SheetRow, sheet: string, file: string): SheetHeader {
  let width = 0;
  row.columns.forEach((column, i) => {
    if (!isBlankCell(row.values[i])) width = Math.max(width, column + 1);
  });
  const cells = new Array<string>(width).fill('');
  row.columns.forEach((column, i) => {
    if (column < width) cells[column] = row.values[i];
  });
  const { columns, issues } = columnsFromHeader(cells, row.number, file);
  return { row: row.number, columns, issues: issues.map((issue) => ({ ...issue, sheet })) };
}

/** A row with no cell, or only cells of spaces: Excel shows nothing, so there is nothing to import. */
export function isBlankRow(row: SheetRow): boolean {
  return row.values.every((value) => isBlankCell(value));
}
