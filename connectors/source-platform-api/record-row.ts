import { createRow, createValues, describeJsonType, flattenJsonObject, isBlankCell, isJsonObject, rejectRow, type Row, type RowOrigin } from '@ferry/sdk';

/** Where a record sat, for messages: the page (1-based) and its place on it. */
export interface RecordPlace {
  page: number;
  position: number;
}

/**
 * One record as one row, the way a spreadsheet would hold it:
 * - nested objects become dotted keys (`profile.first_name`), so map-columns can map them;
 * - a list of plain values becomes one cell joined with ", " (the tags step splits it, as it
 *   splits a "a, b" cell of a CSV); a list holding objects is kept as JSON text;
 * - strings, numbers, booleans and null stay as they are (null is an empty cell).
 * Keys such as `__proto__` are ordinary keys. A record that is not an object, or has no id
 * (when `idField` is set), is a rejected row that names the page and the position.
 */
export function recordRow(record: unknown, at: RowOrigin, place: RecordPlace, idField: string): Row {
  if (!isJsonObject(record)) {
    const row = createRow(createValues(), at);
    rejectRow(row, {
      value: JSON.stringify(record) ?? String(record),
      code: 'not_an_object',
      message: `Record ${place.position} of page ${place.page} is ${describeJsonType(record)}, not an object with fields, so it cannot be imported. This is the platform's data: ask its owner to fix it.`,
    });
    return row;
  }
  const values = createValues();
  flattenJsonObject(values, record);
  const row = createRow(values, at);
  if (idField && isBlankCell(values[idField])) {
    rejectRow(row, {
      column: idField,
      code: 'missing_id',
      message: `Record ${place.position} of page ${place.page} has no "${idField}", so it cannot be told apart from the others. Check the idField option, or the record on the platform.`,
    });
  }
  return row;
}

/** The keys a record gives its row, in order (discover's columns). */
export function recordKeys(record: unknown): string[] {
  if (!isJsonObject(record)) return [];
  const values = createValues();
  flattenJsonObject(values, record);
  return Object.keys(values);
}
