import type { SqlClient } from '@ferry/sdk';

/** Finds or creates tags by name (case-insensitive), set-based. */
export class TagStore {
  constructor(private readonly db: SqlClient) {}

  /** Ids of the named tags; with `create`, missing ones are created first. Keys are lower-cased names. */
  async idsByName(workspaceId: string, names: string[], create: boolean): Promise<Map<string, number>> {
    if (names.length === 0) return new Map();
    const payload = JSON.stringify(names.map((name) => ({ name, name_key: name.toLowerCase() })));
    if (create) {
      await this.db.query(
        `insert into tag (workspace_id, name, name_key)
         select distinct on (x.name_key) ?, x.name, x.name_key from json_to_recordset(?::json) as x(name text, name_key text)
         on conflict (workspace_id, name_key) do nothing`,
        [workspaceId, payload],
      );
    }
    const rows = await this.db.query<{ id: number; name_key: string }>(
      `select id, name_key from tag
        where workspace_id = ? and name_key in (select x.name_key from json_to_recordset(?::json) as x(name text, name_key text))`,
      [workspaceId, payload],
    );
    return new Map(rows.map((row) => [row.name_key, row.id]));
  }

  /** The workspace's tags by name, with how many contacts carry each. */
  async list(workspaceId: string): Promise<{ name: string; contacts: number }[]> {
    const rows = await this.db.query<{ name: string; contacts: string }>(
      `select t.name, (select count(*) from contact c where c.workspace_id = t.workspace_id and c.tag_ids @> array[t.id]) as contacts
         from tag t where t.workspace_id = ? order by t.name_key`,
      [workspaceId],
    );
    return rows.map((r) => ({ name: r.name, contacts: Number(r.contacts) }));
  }
}
