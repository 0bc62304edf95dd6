import type { StringTable } from './shared-strings';
import { decodeEscapes, isoDateText, numberText, serialText } from './cell-text';
import type { FormatKind } from './number-formats';
import type { XmlHandler } from './xml-parts';

/** Excel's last column, XFD. */
export const MAX_COLUMNS = 16_384;

/** What turns a cell's stored value into text. */
export interface CellContext {
  sharedStrings: Pick<StringTable, 'length' | 'get'>;
  /** By style index (a cell's `s`). */
  formats: readonly FormatKind[];
  date1904: boolean;
}

/** A row as stored: its Excel row number and its non-empty cells (zero-based column, text). */
export interface SheetRow {
  number: number;
  columns: number[];
  values: string[];
  /** The row has a cell beyond column XFD (left out of `columns`). */
  overflow: boolean;
}

/** A cell the sheet points at that the workbook does not have (a shared string past the table's end). */
export class BrokenCell extends Error {
  constructor(
    readonly row: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const enum Capture {
  None,
  Value,
  InlineText,
}

/**
 * Turns a worksheet's `<sheetData>` into rows, one cell at a time: shared
 * and inline strings (rich-text runs joined, phonetic guides left out),
 * numbers, booleans, errors, ISO `t="d"` dates, and formula cells by their
 * cached result (never the formula). Numbers whose style is a date or time
 * format become ISO text. Cells are placed by their reference, so empty and
 * merged cells shift nothing. Completed rows wait in `rows` until taken.
 *
 * With `collect` off it only follows the structure (row numbers, columns
 * past XFD, broken references), which is what checking a whole sheet needs.
 */
export class SheetRowsHandler implements XmlHandler {
  rows: SheetRow[] = [];
  collect = true;
  private row: SheetRow | undefined;
  private lastRow = 0;
  private lastColumn = -1;
  private column = 0;
  private type = 'n';
  private style = 0;
  private capture = Capture.None;
  private inInline = false;
  private phonetic = 0;
  private value = '';
  private hasValue = false;

  constructor(private readonly cells: CellContext) {}

  /** The number of the last row seen so far. */
  get lastRowNumber(): number {
    return this.lastRow;
  }

  take(): SheetRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  open(name: string, attributes: Record<string, string>): void {
    switch (name) {
      case 'row': {
        const r = attributes.r;
        this.lastRow = r ? parseInt(r, 10) || this.lastRow + 1 : this.lastRow + 1;
        this.lastColumn = -1;
        this.row = { number: this.lastRow, columns: [], values: [], overflow: false };
        break;
      }
      case 'c': {
        const ref = attributes.r;
        this.column = ref ? columnOf(ref) : this.lastColumn + 1;
        this.lastColumn = this.column;
        this.type = attributes.t ?? 'n';
        this.style = attributes.s ? parseInt(attributes.s, 10) : 0;
        this.value = '';
        this.hasValue = false;
        this.inInline = false;
        break;
      }
      case 'v':
        this.capture = Capture.Value;
        this.hasValue = true;
        break;
      case 'is':
        this.inInline = true;
        this.hasValue = true;
        break;
      case 'rPh':
        this.phonetic++;
        break;
      case 't':
        if (this.inInline && this.phonetic === 0) this.capture = Capture.InlineText;
        break;
    }
  }

  text(text: string): void {
    if (this.capture !== Capture.None && this.collect) this.value += text;
    else if (this.capture === Capture.Value && this.type === 's') this.value += text;
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = Capture.None;
        break;
      case 'rPh':
        this.phonetic--;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'c':
        this.endCell();
        break;
      case 'row':
        if (this.row) this.rows.push(this.row);
        this.row = undefined;
        break;
    }
  }

  private endCell(): void {
    const row = this.row;
    if (!row || !this.hasValue) return;
    if (this.column >= MAX_COLUMNS) {
      row.overflow = true;
      return;
    }
    if (this.type === 's') {
      if (this.value.trim() === '') return;
      const index = parseInt(this.value, 10);
      if (!(index >= 0 && index < this.cells.sharedStrings.length)) {
        const count = this.cells.sharedStrings.length;
        throw new BrokenCell(row.number, `a cell on row ${row.number} refers to shared text number ${this.value || '(none)'}, but the workbook holds ${count}`);
      }
      if (!this.collect) return;
      this.push(row, this.cells.sharedStrings.get(index));
      return;
    }
    if (!this.collect) return;
    this.push(row, this.textOf(this.value));
  }

  private textOf(raw: string): string {
    switch (this.type) {
      case 'inlineStr':
      case 'str':
        return decodeEscapes(raw);
      case 'b':
        return raw.trim() === '1' || raw.trim() === 'true' ? 'TRUE' : 'FALSE';
      case 'e':
        return raw;
      case 'd':
        return isoDateText(raw);
      default: {
        if (raw.trim() === '') return '';
        const number = Number(raw);
        if (Number.isNaN(number)) return raw;
        const kind = this.cells.formats[this.style] ?? 'number';
        return kind === 'number' ? numberText(number) : serialText(number, kind, this.cells.date1904);
      }
    }
  }

  private push(row: SheetRow, text: string): void {
    if (text === '') return;
    row.columns.push(this.column);
    row.values.push(text);
  }
}

/** `BC12` → 54: the zero-based column of a cell reference. */
export function columnOf(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
    if (column > MAX_COLUMNS) return MAX_COLUMNS; // anything past XFD is simply too far
  }
  return column - 1;
}
