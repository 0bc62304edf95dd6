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

  /** A new workspace; undefined when the slug is taken. */
  async create(slug: string, name = slug): Promise<{ id: string; slug: string; name: string } | undefined> {
    const [row] = await this.db.query<{ id: string; slug: string; name: string }>(
      `insert into workspace (id, slug, name, created_at) values (gen_random_uuid(), ?, ?, now()) on conflict (slug) do nothing returning id, slug, name`,
      [slug, name],
    );
    return row;
  }

  async findBySlug(slug: string): Promise<{ id: string; slug: string; name: string } | undefined> {
    const [row] = await this.db.query<{ id: string; slug: string; name: string }>(`select id, slug, name from workspace where slug = ?`, [slug]);
    return row;
  }

  async list(): Promise<{ id: string; slug: string; name: string; createdAt: string }[]> {
    const rows = await this.db.query<{ id: string; slug: string; name: string; created_at: Date }>(`select id, slug, name, created_at from workspace order by slug`);
    return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, createdAt: new Date(r.created_at).toISOString() }));
  }
}
