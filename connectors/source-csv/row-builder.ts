import { createRow, createValues, rejectRow, type ColumnInfo, type Row } from '@ferry/sdk';
import { columnLetter } from './header-columns';

/**
 * Turns records into rows keyed by column. A row with more or fewer cells than
 * there are columns is rejected (`ragged_row`), except for extra cells that
 * are all empty (a trailing delimiter); a cell over `maxFieldSize` characters
 * is rejected too (`field_too_large`) and left empty so it is not carried along.
 */
export function rowBuilder(columns: ColumnInfo[], maxFieldSize: number, delimiter: string, file: string): (cells: string[], row: number) => Row {
  const keys = columns.map((column) => column.key);
  const width = keys.length;
  return (cells, row) => {
    const values = createValues();
    const present = Math.min(width, cells.length);
    let oversized: number[] | undefined;
    let nul: number[] | undefined;
    for (let i = 0; i < present; i++) {
      const cell = cells[i];
      if (cell.length > maxFieldSize) {
        (oversized ??= []).push(i);
        values[keys[i]] = '';
      } else if (cell.indexOf('\u0000') !== -1) {
        // PostgreSQL text cannot hold NUL; such a cell is damage, not data.
        (nul ??= []).push(i);
        values[keys[i]] = '';
      } else {
        values[keys[i]] = cell;
      }
    }
    for (let i = present; i < width; i++) values[keys[i]] = '';
    const result = createRow(values, { file, row });

    for (const i of oversized ?? []) {
      rejectRow(result, {
        column: keys[i],
        value: cells[i],
        code: 'field_too_large',
        message: `Column ${columnLetter(i)} ("${keys[i]}") has more than ${maxFieldSize.toLocaleString('en-US')} characters, the most one cell may hold. Shorten it, or raise the maxFieldSize option.`,
      });
    }
    for (const i of nul ?? []) {
      rejectRow(result, {
        column: keys[i],
        value: cells[i],
        code: 'invalid_character',
        message: `Column ${columnLetter(i)} ("${keys[i]}") holds a NUL character (byte 0), which usually means the file is damaged or is not text. Remove it and import the row again.`,
      });
    }
    if (cells.length < width) {
      rejectRow(result, {
        column: keys[cells.length],
        code: 'ragged_row',
        message:
          `Row ${row} has ${cells.length} cells where ${width} were expected (one per column). ` +
          `Add the missing cells (empty ones are fine), or put double quotes around a value that holds a line break.`,
      });
    } else if (cells.length > width) {
      const extra = cells.slice(width);
      if (extra.some((cell) => cell !== '')) {
        rejectRow(result, {
          column: `Column ${columnLetter(width)}`,
          value: extra.join(delimiter),
          code: 'ragged_row',
          message:
            `Row ${row} has ${cells.length} cells where ${width} were expected (one per column). ` +
            `A value probably holds the delimiter (${describeDelimiter(delimiter)}): put double quotes around it, or remove the extra cells.`,
        });
      }
    }
    return result;
  };
}

function describeDelimiter(delimiter: string): string {
  return delimiter === '\t' ? 'a tab' : `"${delimiter}"`;
}
