import {
  createRow, createValues, describeJsonType, flattenJsonObject, isBlankCell, isJsonObject, jsonCell, rejectRow, warnRow,
  type IssueInit, type Row, type RowValues,
} from '@ferry/sdk';
import type { ExportItem } from './export-item';
import { FORMAT_KEYS, type ExportKind } from './export-kinds';

/**
 * One record as one row keyed like the sink's fields, so map-columns maps it by suggestion:
 * - `fields: { key: value }` become the custom field keys themselves (`shoe_size`); a custom
 *   field named like one of the format's keys keeps its prefix (`fields.email`);
 * - `roles: [...]` becomes `role` (a row takes one role: the first; more is a warning);
 * - lists of plain values (`tags`, several `parent_email`s) become one cell joined with ", ",
 *   which the tags step and the people sink split;
 * - other nested objects become dotted keys, other keys stay as they are; `kind` is left out.
 * A record that could not be read, is not an object, or names nobody (no email; for people
 * no username either) is a rejected row naming its position.
 */
export function exportRow(item: ExportItem, kind: ExportKind, file: string): Row {
  const at = { file, row: item.row, ...(item.sheet ? { sheet: item.sheet } : {}) };
  const { record, position } = item;
  if (item.problem || !isJsonObject(record)) {
    const row = createRow(createValues(), at);
    rejectRow(row, item.problem ?? notAnObject(record, position, kind));
    return row;
  }
  const row = createRow(recordValues(record), at);
  const roles = rolesOf(record);
  if (roles.length > 0) row.values.role = roles[0];
  if (roles.length > 1) warnRow(row, severalRoles(roles, position));
  if (isBlankCell(row.values.email) && (kind.name !== 'people' || isBlankCell(row.values.username))) rejectRow(row, noEmail(position, kind));
  return row;
}

/** The keys a record gives its row (discover's columns). */
export function recordKeys(record: unknown): string[] {
  if (!isJsonObject(record)) return [];
  const keys = Object.keys(recordValues(record));
  return rolesOf(record).length > 0 ? [...keys, 'role'] : keys;
}

function recordValues(record: Record<string, unknown>): RowValues {
  const values = createValues();
  const custom = Object.hasOwn(record, 'fields') ? record.fields : undefined;
  if (isJsonObject(custom)) {
    for (const key of Object.keys(custom)) values[FORMAT_KEYS.has(key) ? `fields.${key}` : key] = jsonCell(custom[key]);
  } else if (custom !== undefined) {
    values.fields = jsonCell(custom);
  }
  for (const key of Object.keys(record)) {
    if (key === 'kind' || key === 'fields' || key === 'roles') continue;
    const value = record[key];
    // A custom field wins over a key the format does not know that has its name.
    if (Object.hasOwn(values, key)) continue;
    if (isJsonObject(value)) flattenJsonObject(values, value, `${key}.`);
    else values[key] = jsonCell(value);
  }
  return values;
}

/** `role` and `roles` (a list, or one text), trimmed, without repeats. */
function rolesOf(record: Record<string, unknown>): string[] {
  if (!Object.hasOwn(record, 'roles')) return [];
  const raw = record.roles;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,;]/) : [raw];
  const roles = new Map<string, string>();
  const own = typeof record.role === 'string' && Object.hasOwn(record, 'role') ? [record.role] : [];
  for (const role of [...own, ...list]) {
    if (typeof role !== 'string' || role.trim() === '') continue;
    if (!roles.has(role.trim().toLowerCase())) roles.set(role.trim().toLowerCase(), role.trim());
  }
  return [...roles.values()];
}

function notAnObject(record: unknown, position: string, kind: ExportKind): IssueInit {
  return {
    value: JSON.stringify(record) ?? String(record),
    code: 'not_an_object',
    message: `${position} is ${describeJsonType(record)}, not a record ({ "email": ... }), so it cannot be imported as a ${kind.noun.one}. Fix it in the file, or export the data again.`,
  };
}

function noEmail(position: string, kind: ExportKind): IssueInit {
  const people = kind.name === 'people';
  return {
    column: 'email',
    value: '',
    code: 'missing_email',
    message: people
      ? `${position} has neither an email nor a username, so nobody can be matched or created. Add one of them.`
      : `${position} has no email, so it names no contact. Add the contact's email.`,
  };
}

function severalRoles(roles: string[], position: string): IssueInit {
  return {
    column: 'roles',
    value: roles.join(', '),
    code: 'several_roles',
    message: `${position} has several roles; a row takes one, so it was imported as ${roles[0]}. The parent and instructor roles also come from students' links; give others with another import of these people (--role ${roles[1]}).`,
  };
}
