import type { SqlClient } from '@ferry/sdk';

export interface StoredEmailTemplate {
  name: string;
  language: string;
  source: string;
  updatedAt: Date;
}

/** A workspace's own email templates, one source text per name and language. */
export class EmailTemplateStore {
  constructor(private readonly db: SqlClient) {}

  /** The workspace's versions of a template in any of these languages. */
  async find(workspaceId: string, name: string, languages: string[]): Promise<StoredEmailTemplate[]> {
    return this.db.query<StoredEmailTemplate>(
      `select name, language, source, updated_at as "updatedAt" from email_template
        where workspace_id = ? and name = ? and language = any (array(select json_array_elements_text(?::json)))`,
      [workspaceId, name, JSON.stringify(languages)],
    );
  }

  async list(workspaceId: string): Promise<Omit<StoredEmailTemplate, 'source'>[]> {
    return this.db.query(`select name, language, updated_at as "updatedAt" from email_template where workspace_id = ? order by name, language`, [workspaceId]);
  }

  /** Adds the template, or replaces the workspace's version in that language. */
  async save(workspaceId: string, template: { name: string; language: string; source: string }): Promise<void> {
    await this.db.query(
      `insert into email_template (workspace_id, name, language, source, updated_at) values (?, ?, ?, ?, now())
       on conflict (workspace_id, name, language) do update set source = excluded.source, updated_at = now()`,
      [workspaceId, template.name, template.language, template.source],
    );
  }

  /** True when there was one to remove. */
  async remove(workspaceId: string, name: string, language: string): Promise<boolean> {
    const rows = await this.db.query(`delete from email_template where workspace_id = ? and name = ? and language = ? returning id`, [workspaceId, name, language]);
    return rows.length > 0;
  }
}
