import type { SqlClient } from '@ferry/sdk';

/** A contact as the bulk writer compares it. */
export interface StoredContact {
  id: string;
  /** Null only for a contact known by its username. */
  emailKey: string | null;
  email: string | null;
  usernameKey: string | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  /** For emails, e.g. `de`; null: the run's choice, else English. */
  language: string | null;
  fields: Record<string, unknown>;
  tagIds: number[];
  roles: string[];
  /** The fingerprint of the source row that last set the contact (see Contact.rowFingerprint). */
  rowFingerprint?: string | null;
}

/**
 * What one import wants to change on a contact: only the values it carries.
 * Absent values never erase; tags are added, never removed.
 */
export interface ContactPatch {
  /** Null for a row that names its contact by username only. */
  emailKey: string | null;
  email: string | null;
  usernameKey?: string;
  username?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  language?: string;
  fields: Record<string, unknown>;
  tagIds: number[];
  /** Roles to add (student, parent, ...); never removed. */
  roles?: string[];
  /** The fingerprint the contact keeps after this write; absent or null forgets the one it had. */
  rowFingerprint?: string | null;
}

const CONTACT_COLUMNS = `id, email_key as "emailKey", email, username_key as "usernameKey", username, first_name as "firstName",
  last_name as "lastName", phone, language, fields, tag_ids as "tagIds", roles, row_fingerprint as "rowFingerprint"`;

// JSON arrays arrive as PostgreSQL arrays: typed columns cost PostgreSQL about 1.5 µs a contact less than unpacking jsonb per row.
const PATCH_RECORD = `x(email_key text, email text, username_key text, username text, first_name text, last_name text, phone text,
  language text, fields jsonb, tag_ids int[], roles text[], row_fingerprint uuid)`;

/** The merge rules, shared by both upserts: a username keeps its first spelling unless it changes. */
const MERGE = `
  username = case when excluded.username_key is null or excluded.username_key = c.username_key then c.username else excluded.username end,
  username_key = coalesce(excluded.username_key, c.username_key),
  first_name = coalesce(excluded.first_name, c.first_name),
  last_name = coalesce(excluded.last_name, c.last_name),
  phone = coalesce(excluded.phone, c.phone),
  language = coalesce(excluded.language, c.language),
  fields = c.fields || excluded.fields,
  tag_ids = array(select distinct t from unnest(c.tag_ids || excluded.tag_ids) as t order by t),
  roles = array(select distinct r from unnest(c.roles || excluded.roles) as r order by r),
  row_fingerprint = excluded.row_fingerprint,
  updated_at = now()`;

/**
 * Set-based reads and writes of contacts: one statement per batch, the batch
 * sent as one JSON parameter. Every method takes the workspace id.
 */
export class ContactStore {
  constructor(private readonly db: SqlClient) {}

  async findByEmailKeys(workspaceId: string, emailKeys: string[]): Promise<Map<string, StoredContact>> {
    const rows = await this.findByKeys(workspaceId, emailKeys, []);
    return new Map(rows.map((row) => [row.emailKey!, row]));
  }

  /**
   * The contacts that have one of the emails or one of the usernames (lower-cased keys).
   * One index lookup per key (the LIMIT keeps PostgreSQL from turning the lateral into a join):
   * with `= any(...)`, a workspace the statistics had not seen yet (a first big import) got a
   * plan that read the whole workspace for every batch.
   */
  async findByKeys(workspaceId: string, emailKeys: string[], usernameKeys: string[]): Promise<StoredContact[]> {
    const lookups: string[] = [];
    const params: unknown[] = [];
    for (const [column, keys] of [['email_key', emailKeys], ['username_key', usernameKeys]] as const) {
      if (keys.length === 0) continue;
      lookups.push(`select ${CONTACT_COLUMNS} from json_array_elements_text(?::json) as k(key)
        cross join lateral (select * from contact c where c.workspace_id = ? and c.${column} = k.key limit 1) c`);
      params.push(JSON.stringify([...new Set(keys)]), workspaceId);
    }
    if (lookups.length === 0) return [];
    // A contact found by both its email and its username is the same row twice: union keeps one.
    return this.db.query<StoredContact>(lookups.join(' union '), params);
  }

  /**
   * Inserts new contacts and merges patches into existing ones, matched by
   * email, in one statement. The merge rules live here too, so two runs
   * writing the same contact at once still end in the merged state. Ids by
   * email key; patches without an email are left out (see upsertByUsername).
   */
  /** With `inserted`, collects the email keys of the contacts this statement created (the others existed). */
  async upsert(workspaceId: string, patches: ContactPatch[], inserted?: Set<string>): Promise<Map<string, string>> {
    const withEmail = patches.filter((p) => p.emailKey);
    if (withEmail.length === 0) return new Map();
    // xmax = 0 marks a row this statement inserted (not one it merged into): another run may have
    // created the contact since the batch looked it up.
    const rows = await this.db.query<{ id: string; email_key: string; inserted: boolean }>(
      `${INSERT} on conflict (workspace_id, email_key) do update set ${MERGE} returning id, email_key, (xmax = 0) as inserted`,
      [workspaceId, JSON.stringify(withEmail.map(payloadOf))],
    );
    for (const row of rows) if (row.inserted) inserted?.add(row.email_key);
    return new Map(rows.map((row) => [row.email_key, row.id]));
  }

  /** The same for contacts known only by their username (no email): matched by username. Ids by username key. */
  async upsertByUsername(workspaceId: string, patches: ContactPatch[]): Promise<Map<string, string>> {
    const byUsername = patches.filter((p) => !p.emailKey && p.usernameKey);
    if (byUsername.length === 0) return new Map();
    const rows = await this.db.query<{ id: string; username_key: string }>(
      `${INSERT} on conflict (workspace_id, username_key) where username_key is not null do update set ${MERGE} returning id, username_key`,
      [workspaceId, JSON.stringify(byUsername.map(payloadOf))],
    );
    return new Map(rows.map((row) => [row.username_key, row.id]));
  }

  /**
   * Which fingerprints name a contact as the row that last set it, by
   * position in `fingerprints`, with the contact's email key. Contacts
   * written since `writtenBefore` (by the asking run itself) are left out.
   */
  async recognise(workspaceId: string, fingerprints: string[], writtenBefore: Date): Promise<Map<number, string>> {
    // The fingerprint alone picks the contact (the index); the LIMIT keeps the other conditions out of
    // the index scan: before statistics exist (right after a first big import) PostgreSQL otherwise
    // ANDed in the workspace's whole (workspace_id, id) index for every key. Fingerprints differ per
    // workspace, so the one contact found is this workspace's or none.
    const rows = await this.db.query<{ i: string; email_key: string }>(
      `select x.i, c.email_key from json_array_elements_text(?::json) with ordinality as x(fingerprint, i)
         cross join lateral (select email_key, workspace_id, updated_at from contact c where c.row_fingerprint = x.fingerprint::uuid limit 1) c
        where c.workspace_id = ? and c.updated_at < ? and c.email_key is not null`,
      [JSON.stringify(fingerprints), workspaceId, writtenBefore],
    );
    return new Map(rows.map((row) => [Number(row.i) - 1, row.email_key]));
  }

  /** True when some contact of the workspace has a fingerprint (else there is nothing to recognise). */
  async hasFingerprints(workspaceId: string): Promise<boolean> {
    const rows = await this.db.query(`select 1 from contact where workspace_id = ? and row_fingerprint is not null limit 1`, [workspaceId]);
    return rows.length > 0;
  }

  /** Gives contacts known by username their first email (only where they have none), before an upsert merges into them by it. */
  async attachEmails(workspaceId: string, contacts: { id: string; email: string; emailKey: string }[]): Promise<void> {
    if (contacts.length === 0) return;
    await this.db.query(
      `update contact c set email = x.email, email_key = x.email_key, updated_at = now()
         from json_to_recordset(?::json) as x(id bigint, email text, email_key text)
        where c.workspace_id = ? and c.id = x.id and c.email_key is null`,
      [JSON.stringify(contacts.map((c) => ({ id: c.id, email: c.email, email_key: c.emailKey }))), workspaceId],
    );
  }
}

const INSERT = `insert into contact as c (workspace_id, email_key, email, username_key, username, first_name, last_name, phone, language, fields, tag_ids, roles, row_fingerprint)
  select ?, x.email_key, x.email, x.username_key, x.username, x.first_name, x.last_name, x.phone, x.language, coalesce(x.fields, '{}'),
         coalesce(x.tag_ids, '{}'), coalesce(x.roles, '{}'),
         x.row_fingerprint
    from jsonb_to_recordset(?::jsonb) as ${PATCH_RECORD}`;

/** The patch as the statement's record; absent values are left out of the JSON (a missing key reads as null). */
function payloadOf(p: ContactPatch) {
  return {
    email_key: p.emailKey ?? undefined,
    email: p.email ?? undefined,
    username_key: p.usernameKey,
    username: p.username,
    first_name: p.firstName,
    last_name: p.lastName,
    phone: p.phone,
    language: p.language,
    fields: p.fields,
    tag_ids: p.tagIds,
    roles: p.roles?.length ? p.roles : undefined,
    row_fingerprint: p.rowFingerprint ?? undefined,
  };
}
