import type { ContactPatch, CustomFieldDefinition, StoredContact } from '@ferry/domain';
import { columnOf, isBlankCell, trimCell, type IssueInit, type Row } from '@ferry/sdk';
import { convertFieldValue } from './field-value';

const MAX_NAME = 1000;

/** What a row asks of its contact, with tags still as names. */
export interface RowPatch extends Omit<ContactPatch, 'tagIds'> {
  tagNames: string[];
}

/** Reads a mapped row into a patch; empty cells are left out so they never erase. */
export function patchFromRow(row: Row, customFields: Map<string, CustomFieldDefinition>): RowPatch | IssueInit {
  const v = row.values;
  const email = String(v.email ?? '').trim();
  const patch: RowPatch = { email, emailKey: email.toLowerCase(), fields: {}, tagNames: [] };
  for (const [key, target] of [['first_name', 'firstName'], ['last_name', 'lastName'], ['phone', 'phone']] as const) {
    const text = textOf(v[key]);
    if (text === undefined) continue;
    if (text.length > MAX_NAME) {
      return { column: columnOf(row, key), value: text, code: 'value_too_long', message: `At most ${MAX_NAME} characters.` };
    }
    patch[target] = text;
  }
  if (Array.isArray(v.tags)) patch.tagNames = v.tags.map(String);
  for (const [key, field] of customFields) {
    const text = textOf(v[key]);
    if (text === undefined) continue;
    const converted = convertFieldValue(field, text);
    if ('code' in converted) return { column: columnOf(row, key), value: text, ...converted };
    patch.fields[key] = converted.value;
  }
  return patch;
}

function textOf(value: unknown): string | undefined {
  if (isBlankCell(value)) return undefined;
  const text = trimCell(String(value), true);
  return text === '' ? undefined : text;
}

/** True when applying the patch would change the contact. */
export function wouldChange(contact: StoredContact, patch: ContactPatch): boolean {
  if (patch.firstName !== undefined && patch.firstName !== contact.firstName) return true;
  if (patch.lastName !== undefined && patch.lastName !== contact.lastName) return true;
  if (patch.phone !== undefined && patch.phone !== contact.phone) return true;
  for (const key in patch.fields) if (patch.fields[key] !== contact.fields[key]) return true;
  return patch.tagIds.some((id) => !contact.tagIds.includes(id));
}

/** The contact after the patch: the same rules the upsert applies in SQL. */
export function applyPatch(contact: StoredContact | undefined, patch: ContactPatch): StoredContact {
  const base = contact ?? { id: '', emailKey: patch.emailKey, email: patch.email, firstName: null, lastName: null, phone: null, fields: {}, tagIds: [] };
  return {
    ...base,
    firstName: patch.firstName ?? base.firstName,
    lastName: patch.lastName ?? base.lastName,
    phone: patch.phone ?? base.phone,
    fields: { ...base.fields, ...patch.fields },
    tagIds: [...new Set([...base.tagIds, ...patch.tagIds])],
  };
}

/** Two patches for one contact in one batch, as one: later values win, tags combine. */
export function combinePatches(earlier: ContactPatch | undefined, later: ContactPatch): ContactPatch {
  if (!earlier) return later;
  return {
    emailKey: later.emailKey,
    email: earlier.email,
    firstName: later.firstName ?? earlier.firstName,
    lastName: later.lastName ?? earlier.lastName,
    phone: later.phone ?? earlier.phone,
    fields: { ...earlier.fields, ...later.fields },
    tagIds: [...new Set([...earlier.tagIds, ...later.tagIds])],
  };
}
