import type { ColumnInfo, RowIssue } from '@ferry/sdk';

export interface HeaderColumns {
  columns: ColumnInfo[];
  /** Warnings about the header row: blank and repeated names. */
  issues: RowIssue[];
}

/**
 * Columns from a header row. Every key is unique: a blank header becomes
 * `Column C` (its spreadsheet letter), a repeated one `Email (2)`, and both
 * are reported as warnings so the user knows which column is which.
 */
export function columnsFromHeader(cells: string[], row: number, file: string): HeaderColumns {
  const taken = new Set(cells.filter((cell) => cell.trim() !== ''));
  const used = new Set<string>();
  const firstIndex = new Map<string, number>();
  const columns: ColumnInfo[] = [];
  const issues: RowIssue[] = [];
  cells.forEach((header, index) => {
    const letter = columnLetter(index);
    const blank = header.trim() === '';
    const name = blank ? `Column ${letter}` : header;
    // A made-up key must not take a name that a later column really has.
    let key = name;
    for (let n = 2; used.has(key) || ((blank || key !== name) && taken.has(key)); n++) key = `${name} (${n})`;
    used.add(key);
    columns.push({ key, header, index });

    const issue = { row, file, column: key, value: header, severity: 'warning' as const };
    if (blank) {
      issues.push({ ...issue, code: 'blank_header', message: `Column ${letter} has no header; its cells are read as "${key}".` });
    } else if (firstIndex.has(header)) {
      const first = columnLetter(firstIndex.get(header)!);
      const message = `Column ${letter} repeats the header "${header}" of column ${first}; its cells are read as "${key}".`;
      issues.push({ ...issue, code: 'duplicate_header', message });
    } else {
      firstIndex.set(header, index);
    }
  });
  return { columns, issues };
}

/** Columns of a file without a header row: column_1, column_2, ... */
export function numberedColumns(count: number): ColumnInfo[] {
  return Array.from({ length: count }, (_, index) => ({ key: `column_${index + 1}`, header: `column_${index + 1}`, index }));
}

/** The letter a spreadsheet gives a column: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
