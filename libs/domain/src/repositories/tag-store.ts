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

  /**
   * A page of the workspace's tags by name (case-insensitive order), after the tag named `after`,
   * with how many contacts carry each: counted in one pass over the workspace's contacts for the
   * whole page (a count per tag read every contact once per tag).
   */
  async list(workspaceId: string, page: { after?: string; limit: number }): Promise<{ name: string; contacts: number }[]> {
    const afterKey = page.after?.toLowerCase() ?? null;
    const rows = await this.db.query<{ name: string; contacts: string }>(
      `with page as (
         select id, name, name_key from tag where workspace_id = ? and (?::text is null or name_key > ?) order by name_key limit ?
       ), counted as (
         select t.id, count(*) as contacts from contact c cross join lateral unnest(c.tag_ids) as t(id)
          where c.workspace_id = ? and t.id in (select id from page) group by t.id
       )
       select p.name, coalesce(n.contacts, 0) as contacts from page p left join counted n on n.id = p.id order by p.name_key`,
      // Keys are lower-cased as idsByName made them (JavaScript's lower case, not the database's).
      [workspaceId, afterKey, afterKey, page.limit, workspaceId],
    );
    return rows.map((r) => ({ name: r.name, contacts: Number(r.contacts) }));
  }
}
