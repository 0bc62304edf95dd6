import type { Row } from '@ferry/sdk';
import { outRow, type Mapped } from '../source-canvas-sis/adapter-rows';
import { SheetColumns, specOf, type SheetSpec } from './workbook-format';

/**
 * Sheet rows as rows for the sink, each sheet's columns settled from its
 * first row (every row of a sheet carries every header key) and checked.
 */
export function workbookRows(specs: readonly SheetSpec[], file: string, toRow: (row: Row, columns: SheetColumns, spec: SheetSpec) => Row): (row: Row) => Mapped {
  let sheet: string | undefined;
  let columns: SheetColumns | undefined;
  let spec: SheetSpec | undefined;
  return (row) => {
    if (!columns || row.at.sheet !== sheet) {
      sheet = row.at.sheet;
      spec = specOf(sheet, specs);
      columns = new SheetColumns(Object.keys(row.values));
      columns.require(spec, file);
    }
    const out = toRow(row, columns, spec!);
    // Warnings of the xlsx source (a cell right of the last header) stay with the row.
    out.issues.push(...row.issues);
    return [out];
  };
}

/** A Completions row as a progress row. */
export function completionRow(row: Row, columns: SheetColumns): Row {
  const field = (key: string, name: string): [string, unknown, string] => [key, columns.cell(row, name), columns.header(name)];
  return outRow(row.at, [field('email', 'email'), field('content', 'uuid'), field('completed_on', 'completed_on'), field('progress', 'progress')]);
}

/** A Programmes, Journeys or Activities row as a content tree row. */
export function contentRow(row: Row, columns: SheetColumns, spec: SheetSpec): Row {
  const field = (name: string): [string, unknown, string] => [name, columns.cell(row, name), columns.header(name)];
  return outRow(row.at, [field('uuid'), field('title'), ['level', spec.level, `sheet ${spec.name}`], field('parent_uuid')]);
}
