import type { ContactPatch, StoredContact } from '../repositories/contact-store';
import type { CustomFieldDefinition } from '../repositories/custom-field-store';
import { columnOf, createValues, isBlankCell, trimCell, type IssueInit, type Row } from '@ferry/sdk';
import { convertFieldValue } from './field-value';

const MAX_NAME = 1000;
const MAX_USERNAME = 200;
const LANGUAGE = /^[a-z]{2,3}([-_][a-z]{2,4})?$/i;

/** What a row asks of its contact, with tags still as names. */
export interface RowPatch extends Omit<ContactPatch, 'tagIds'> {
  tagNames: string[];
}

/** How rows name their contact. */
export interface PatchOptions {
  /** Read `username` too, and accept a row without an email when it has one. */
  usernames?: boolean;
}

/** Reads a mapped row into a patch; empty cells are left out so they never erase. */
export function patchFromRow(row: Row, customFields: Map<string, CustomFieldDefinition>, options: PatchOptions = {}): RowPatch | IssueInit {
  const v = row.values;
  const email = textOf(v.email) ?? null;
  // Every property from the start, absent ones undefined: patches then share one shape, and the
  // writer's reads and writes of them stay fast (varying shapes cost a bulk import ~8 µs a row).
  const patch: RowPatch = {
    email, emailKey: email?.toLowerCase() ?? null, usernameKey: undefined, username: undefined, firstName: undefined, lastName: undefined,
    phone: undefined, language: undefined, fields: {}, tagNames: [], roles: undefined, rowFingerprint: null,
  };
  if (options.usernames) {
    const username = textOf(v.username);
    if (username !== undefined && username.length > MAX_USERNAME) {
      return { column: columnOf(row, 'username'), value: username, code: 'value_too_long', message: `A username has at most ${MAX_USERNAME} characters.` };
    }
    if (username !== undefined) {
      patch.username = username;
      patch.usernameKey = username.toLowerCase();
    }
  }
  if (patch.emailKey === null && patch.usernameKey === undefined) {
    const message = options.usernames
      ? 'The email address and the username are both empty; a contact needs one of them.'
      : 'The email address is empty; every contact needs one.';
    return { column: columnOf(row, 'email'), value: v.email, code: 'missing_email', message };
  }
  for (const [key, target] of [['first_name', 'firstName'], ['last_name', 'lastName'], ['phone', 'phone']] as const) {
    const text = textOf(v[key]);
    if (text === undefined) continue;
    if (text.length > MAX_NAME) {
      return { column: columnOf(row, key), value: text, code: 'value_too_long', message: `At most ${MAX_NAME} characters.` };
    }
    patch[target] = text;
  }
  const language = textOf(v.language);
  if (language !== undefined) {
    // A language code (en, de, pt-BR): the emails' language for this contact.
    if (!LANGUAGE.test(language)) {
      return { column: columnOf(row, 'language'), value: language, code: 'invalid_language', message: 'A language is a code such as en, de or pt-BR.' };
    }
    patch.language = language.toLowerCase();
  }
  if (Array.isArray(v.tags)) patch.tagNames = v.tags.map(String);
  // Roles are set by sinks that know them (people, enrollment), never mapped from a cell as is.
  if (Array.isArray(v.roles)) patch.roles = v.roles.map(String);
  for (const [key, field] of customFields) {
    const text = textOf(v[key]);
    if (text === undefined) continue;
    const converted = convertFieldValue(field, text);
    if ('code' in converted) return { column: columnOf(row, key), value: text, ...converted };
    patch.fields[key] = converted.value;
  }
  return patch;
}

/** The row with roles for its contact to gain, as a copy (the row stays as read). */
export function withRoles(row: Row, roles: readonly string[]): Row {
  return { ...row, values: createValues([...Object.entries(row.values), ['roles', [...roles]]]) };
}

/** The key a mapped row names its contact by (the lower-cased email), as the writer computes it. */
export function emailKeyOf(row: Row): string | undefined {
  return textOf(row.values.email)?.toLowerCase();
}

function textOf(value: unknown): string | undefined {
  if (isBlankCell(value)) return undefined;
  const text = trimCell(String(value), true);
  return text === '' ? undefined : text;
}

/** True when applying the patch would change the contact. */
export function wouldChange(contact: StoredContact, patch: ContactPatch): boolean {
  if (patch.emailKey && !contact.emailKey) return true;
  if (patch.usernameKey !== undefined && patch.usernameKey !== contact.usernameKey) return true;
  if (patch.firstName !== undefined && patch.firstName !== contact.firstName) return true;
  if (patch.lastName !== undefined && patch.lastName !== contact.lastName) return true;
  if (patch.phone !== undefined && patch.phone !== contact.phone) return true;
  if (patch.language !== undefined && patch.language !== contact.language) return true;
  for (const key in patch.fields) if (patch.fields[key] !== contact.fields[key]) return true;
  if (patch.roles?.some((role) => !contact.roles.includes(role))) return true;
  return patch.tagIds.some((id) => !contact.tagIds.includes(id));
}

/** The contact after the patch: the same rules the upsert applies in SQL (an email, once set, and a username's spelling stay). */
export function applyPatch(contact: StoredContact | undefined, patch: ContactPatch): StoredContact {
  const base: StoredContact = contact ?? {
    id: '', emailKey: null, email: null, usernameKey: null, username: null, firstName: null, lastName: null, phone: null, language: null, fields: {}, tagIds: [], roles: [],
  };
  const newUsername = patch.usernameKey !== undefined && patch.usernameKey !== base.usernameKey;
  return {
    ...base,
    emailKey: base.emailKey ?? patch.emailKey,
    email: base.emailKey ? base.email : patch.email,
    usernameKey: newUsername ? patch.usernameKey! : base.usernameKey,
    username: newUsername ? patch.username! : base.username,
    firstName: patch.firstName ?? base.firstName,
    lastName: patch.lastName ?? base.lastName,
    phone: patch.phone ?? base.phone,
    language: patch.language ?? base.language,
    fields: { ...base.fields, ...patch.fields },
    tagIds: [...new Set([...base.tagIds, ...patch.tagIds])],
    roles: patch.roles?.length ? [...new Set([...base.roles, ...patch.roles])] : base.roles,
  };
}

/** Two patches for one contact in one batch, as one: later values win, tags combine, the first email stays. */
export function combinePatches(earlier: ContactPatch | undefined, later: ContactPatch): ContactPatch {
  if (!earlier) return later;
  const laterUsername = later.usernameKey !== undefined;
  return {
    emailKey: earlier.emailKey ?? later.emailKey,
    email: earlier.emailKey ? earlier.email : later.email,
    usernameKey: laterUsername ? later.usernameKey : earlier.usernameKey,
    username: laterUsername ? later.username : earlier.username,
    firstName: later.firstName ?? earlier.firstName,
    lastName: later.lastName ?? earlier.lastName,
    phone: later.phone ?? earlier.phone,
    language: later.language ?? earlier.language,
    fields: { ...earlier.fields, ...later.fields },
    tagIds: [...new Set([...earlier.tagIds, ...later.tagIds])],
    roles: earlier.roles || later.roles ? [...new Set([...(earlier.roles ?? []), ...(later.roles ?? [])])] : undefined,
    rowFingerprint: null,
  };
}
