import { createRow, createValues, isBlankCell, warnRow, type ColumnInfo, type Row } from '@ferry/sdk';
import { columnLetter } from '../source-csv/header-columns';
import type { SheetHeader } from './sheet-table';
import type { SheetRow } from './sheet-rows';
import type { SheetValue } from './xlsx.config';

/**
 * The columns rows of a sheet carry: its header's, then one per sheet value
 * whose name no header has.
 */
export function sheetColumns(header: SheetHeader, sheetValues: Record<string, SheetValue> | undefined): ColumnInfo[] {
  const columns = [...header.columns];
  const keys = new Set(columns.map((column) => column.key));
  for (const key of Object.keys(sheetValues ?? {})) {
    if (!keys.has(key)) columns.push({ key, header: key, index: columns.length });
  }
  return columns;
}

/**
 * Turns a sheet's rows into Ferry rows keyed by its columns (every column
 * present, empty cells as ''), with the sheet's values filled in where the
 * row has none. A cell right of the last header is not imported: the row is
 * flagged so the user can give that column a header.
 */
export function rowMaker(header: SheetHeader, sheetValues: Record<string, SheetValue> | undefined, sheet: string, file: string): (row: SheetRow) => Row {
  const width = header.columns.length;
  const keys = header.columns.map((column) => column.key);
  const fills = Object.entries(sheetValues ?? {}).map(([key, value]) => [key, String(value)] as const);
  return (sheetRow) => {
    const values = createValues();
    for (const key of keys) values[key] = '';
    let outside: number[] | undefined;
    const { columns, values: cells } = sheetRow;
    for (let i = 0; i < columns.length; i++) {
      if (columns[i] < width) values[keys[columns[i]]] = cells[i];
      else if (!isBlankCell(cells[i])) (outside ??= []).push(i);
    }
    for (const [key, value] of fills) if (isBlankCell(values[key])) values[key] = value;
    const row = createRow(values, { file, sheet, row: sheetRow.number });
    if (outside) {
      const first = columnLetter(columns[outside[0]]);
      const where = outside.map((i) => `${columnLetter(columns[i])}${sheetRow.number}`).join(', ');
      warnRow(row, {
        column: `Column ${first}`,
        value: outside.map((i) => cells[i]).join(', '),
        code: 'cell_without_header',
        message: `${outside.length === 1 ? 'Cell' : 'Cells'} ${where} ${outside.length === 1 ? 'is' : 'are'} right of the last column with a header, so ${outside.length === 1 ? 'it was' : 'they were'} not imported. Give column ${first} a header in row ${header.row} to import it.`,
      });
    }
    return row;
  };
}
