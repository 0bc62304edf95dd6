import type { SqlClient } from '@ferry/sdk';

/** A contact as the bulk writer compares it. */
export interface StoredContact {
  id: string;
  emailKey: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  fields: Record<string, unknown>;
  tagIds: number[];
}

/**
 * What one import wants to change on a contact: only the values it carries.
 * Absent values never erase; tags are added, never removed.
 */
export interface ContactPatch {
  emailKey: string;
  email: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  fields: Record<string, unknown>;
  tagIds: number[];
}

/**
 * Set-based reads and writes of contacts: one statement per batch, the batch
 * sent as one JSON parameter. Every method takes the workspace id.
 */
export class ContactStore {
  constructor(private readonly db: SqlClient) {}

  async findByEmailKeys(workspaceId: string, emailKeys: string[]): Promise<Map<string, StoredContact>> {
    if (emailKeys.length === 0) return new Map();
    const rows = await this.db.query<StoredContact>(
      `select id, email_key as "emailKey", email, first_name as "firstName", last_name as "lastName", phone, fields, tag_ids as "tagIds"
         from contact
        where workspace_id = ? and email_key = any (array(select json_array_elements_text(?::json)))`,
      [workspaceId, JSON.stringify(emailKeys)],
    );
    return new Map(rows.map((row) => [row.emailKey, row]));
  }

  /**
   * Inserts new contacts and merges patches into existing ones, in one
   * statement. The merge rules live here too, so two runs writing the same
   * contact at once still end in the merged state.
   */
  async upsert(workspaceId: string, patches: ContactPatch[]): Promise<void> {
    if (patches.length === 0) return;
    const payload = patches.map((p) => ({
      email_key: p.emailKey,
      email: p.email,
      first_name: p.firstName ?? null,
      last_name: p.lastName ?? null,
      phone: p.phone ?? null,
      fields: p.fields,
      tag_ids: p.tagIds,
    }));
    await this.db.query(
      `insert into contact as c (workspace_id, email_key, email, first_name, last_name, phone, fields, tag_ids)
       select ?, x.email_key, x.email, x.first_name, x.last_name, x.phone, coalesce(x.fields, '{}'),
              coalesce(array(select jsonb_array_elements_text(x.tag_ids)::int), '{}')
         from jsonb_to_recordset(?::jsonb) as x(email_key text, email text, first_name text, last_name text, phone text, fields jsonb, tag_ids jsonb)
       on conflict (workspace_id, email_key) do update set
         first_name = coalesce(excluded.first_name, c.first_name),
         last_name = coalesce(excluded.last_name, c.last_name),
         phone = coalesce(excluded.phone, c.phone),
         fields = c.fields || excluded.fields,
         tag_ids = array(select distinct t from unnest(c.tag_ids || excluded.tag_ids) as t order by t),
         updated_at = now()`,
      [workspaceId, JSON.stringify(payload)],
    );
  }
}

/** A contact as users read it: tag names, custom field values by key. */
export interface ContactView {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  tags: string[];
  fields: Record<string, unknown>;
}

/** Pages through a workspace's contacts in id order (keyset paging: flat memory for any size). */
export async function pageContacts(
  db: SqlClient,
  workspaceId: string,
  options: { tag?: string; afterId?: string; limit?: number },
): Promise<ContactView[]> {
  return db.query<ContactView>(
    `select c.id, c.email, c.first_name, c.last_name, c.phone, c.fields,
            coalesce(array(select t.name from tag t where t.workspace_id = c.workspace_id and t.id = any(c.tag_ids) order by t.name), '{}') as tags
       from contact c
      where c.workspace_id = ? and c.id > ?
        and (?::text is null or c.tag_ids @> array[(select t.id from tag t where t.workspace_id = c.workspace_id and t.name_key = lower(?::text))])
      order by c.id limit ?`,
    [workspaceId, options.afterId ?? '0', options.tag ?? null, options.tag ?? null, options.limit ?? 1000],
  );
}
