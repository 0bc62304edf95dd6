import { FatalRunError, trimCell, type ColumnInfo, type Row } from '@ferry/sdk';

export const CANVAS_FILES = ['users', 'enrollments', 'courses'] as const;
export type CanvasFile = (typeof CANVAS_FILES)[number];

/** The columns of a Canvas SIS CSV by their documented (lower-case) names, matched trimmed and ignoring case. */
export class CanvasHeader {
  private constructor(private readonly byName: Map<string, ColumnInfo>) {}

  static of(columns: ColumnInfo[]): CanvasHeader {
    const byName = new Map<string, ColumnInfo>();
    for (const column of columns) {
      const name = column.header.trim().toLowerCase();
      if (!byName.has(name)) byName.set(name, column);
    }
    return new CanvasHeader(byName);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The header as the file writes it (what issues name), or the documented name when the file has no such column. */
  header(name: string): string {
    return this.byName.get(name)?.header.trim() ?? name;
  }

  /** The cell trimmed, '' when blank or when the file has no such column. */
  cell(row: Row, name: string): string {
    const column = this.byName.get(name);
    const value = column ? row.values[column.key] : undefined;
    return typeof value === 'string' ? trimCell(value, true) : value === undefined || value === null ? '' : String(value);
  }
}

/** Which Canvas file a header is, from the columns only that file requires. */
export function detectFile(header: CanvasHeader, label: string): CanvasFile {
  if (header.has('user_id') && header.has('role') && (header.has('course_id') || header.has('section_id'))) return 'enrollments';
  if (header.has('user_id') && header.has('login_id')) return 'users';
  if (header.has('course_id') && (header.has('long_name') || header.has('short_name'))) return 'courses';
  throw new FatalRunError(
    'unknown_canvas_file',
    `"${label}" is not a Canvas SIS users.csv (user_id, login_id, ...), enrollments.csv (course_id, user_id, role, ...) or courses.csv (course_id, short_name, long_name, ...). ` +
      'Choose one of those files, or set the file option.',
    { file: label },
  );
}

/** Fails the run (before anything is written) when the file lacks a column the import needs, naming it. */
export function requireColumns(header: CanvasHeader, file: CanvasFile, names: readonly string[], label: string): void {
  const missing = names.filter((name) => !header.has(name));
  if (missing.length === 0) return;
  const list = missing.map((name) => `"${name}"`).join(', ');
  throw new FatalRunError(
    'missing_column',
    `"${label}" is read as a Canvas ${file}.csv but has no ${list} column${missing.length === 1 ? '' : 's'}. ` +
      `Export the file again with ${missing.length === 1 ? 'that column' : 'those columns'} (header names as Canvas documents them).`,
    { file: label, column: missing[0], columns: missing },
  );
}
