import type { SqlClient } from '@ferry/sdk';

export class WorkspaceStore {
  constructor(private readonly db: SqlClient) {}

  /** The id of the workspace with this slug, created on first use (the CLI's default workspace). */
  async ensure(slug: string, name = slug): Promise<string> {
    await this.db.query(
      `insert into workspace (id, slug, name, created_at) values (gen_random_uuid(), ?, ?, now()) on conflict (slug) do nothing`,
      [slug, name],
    );
    const [row] = await this.db.query<{ id: string }>(`select id from workspace where slug = ?`, [slug]);
    return row.id;
  }
}
