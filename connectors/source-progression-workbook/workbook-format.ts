import { FatalRunError, trimCell, type Row } from '@ferry/sdk';

export type ContentLevel = 'programme' | 'journey' | 'activity';

/** One sheet of a progression workbook: its name, the level of content it lists, and the columns it must have. */
export interface SheetSpec {
  name: string;
  level?: ContentLevel;
  required: readonly string[];
}

export const CONTENT_SHEETS: readonly SheetSpec[] = [
  { name: 'Programmes', level: 'programme', required: ['uuid', 'title'] },
  { name: 'Journeys', level: 'journey', required: ['uuid', 'title', 'parent_uuid'] },
  { name: 'Activities', level: 'activity', required: ['uuid', 'title', 'parent_uuid'] },
];

export const COMPLETIONS_SHEET: SheetSpec = { name: 'Completions', required: ['email', 'uuid', 'completed_on'] };

/** A header as the format names it: trimmed, lower case, spaces and dashes as underscores ("Completed on" is completed_on). */
export const columnName = (header: string): string => header.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** A sheet's columns by their format names, from the keys its rows carry (the xlsx source keys rows by header). */
export class SheetColumns {
  private readonly byName = new Map<string, string>();

  constructor(keys: Iterable<string>) {
    for (const key of keys) {
      const name = columnName(key);
      if (!this.byName.has(name)) this.byName.set(name, key);
    }
  }

  /** The header as written, for issues; the format name when the sheet has no such column. */
  header(name: string): string {
    return this.byName.get(name)?.trim() ?? name;
  }

  cell(row: Row, name: string): string {
    const key = this.byName.get(name);
    const value = key === undefined ? undefined : row.values[key];
    return typeof value === 'string' ? trimCell(value, true) : value === undefined || value === null ? '' : String(value);
  }

  /** Fails the run before anything is written when the sheet lacks a column, naming it. */
  require(spec: SheetSpec, file: string): void {
    const missing = spec.required.filter((name) => !this.byName.has(name));
    if (missing.length === 0) return;
    throw new FatalRunError(
      'missing_column',
      `Sheet "${spec.name}" of "${file}" has no ${missing.map((n) => `"${n}"`).join(', ')} column${missing.length === 1 ? '' : 's'}. ` +
        `A progression workbook's ${spec.name} sheet has the columns ${spec.required.join(', ')} in its first row.`,
      { file, sheet: spec.name, column: missing[0], columns: missing },
    );
  }
}

/** The spec of a sheet the xlsx source read (it matches names ignoring case). */
export function specOf(sheet: string | undefined, specs: readonly SheetSpec[]): SheetSpec {
  const spec = specs.find((s) => s.name.toLowerCase() === (sheet ?? '').toLowerCase());
  if (!spec) throw new Error(`progression-workbook: a row from sheet "${sheet}", which it did not ask for`);
  return spec;
}

export function missingSheet(file: string, name: string): FatalRunError {
  return new FatalRunError(
    'missing_sheet',
    `"${file}" has no sheet "${name}". A progression workbook has the sheets Programmes, Journeys and Activities (the content) and Completions; choose the export that has them.`,
    { file, sheet: name },
  );
}
