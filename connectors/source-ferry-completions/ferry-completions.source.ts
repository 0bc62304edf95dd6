import { createRow, createValues, FatalRunError, rejectRow, type Row, type SourceContext, type SourcePlugin, type SqlClient, type StreamInfo } from '@ferry/sdk';
import { FerryCompletionsConfig } from './ferry-completions.config';
import { manifest } from './manifest';

const PAGE_SIZE = 1000;
const COLUMNS = ['email', 'content', 'completed_on'].map((key, index) => ({ key, header: key, index }));

interface CompletionRow {
  contact_id: string;
  node_id: number;
  email: string | null;
  username: string | null;
  content: string;
  completed_on: string;
}

/** The stream's name, and the `file` every row's origin names (there is no spreadsheet). */
const streamName = (config: FerryCompletionsConfig) =>
  config.email !== undefined ? `completions of ${config.email.trim()}` : `completions of content ${config.content!.toLowerCase()}`;

export const ferryCompletionsSource: SourcePlugin<FerryCompletionsConfig> = {
  manifest,
  config: FerryCompletionsConfig,

  async discover(config): Promise<StreamInfo[]> {
    return [{ name: streamName(config), columns: COLUMNS.map((c) => ({ ...c })) }];
  },

  /** One contact's completions by node, or one node's by contact, a page at a time (keyset paging). */
  async *read(config, context): AsyncIterable<Row> {
    const { db, workspaceId } = ferryDatabase(context);
    const file = streamName(config);
    const page = config.email !== undefined ? byContact(db, workspaceId, config.email.trim().toLowerCase()) : byContent(db, workspaceId, config.content!.toLowerCase());
    let ordinal = 0;
    for (let after: CompletionRow | undefined; ; ) {
      if (context.signal?.aborted) return;
      const rows = await page(after);
      for (const completion of rows) {
        const row = createRow(
          createValues([['email', completion.email], ['content', completion.content], ['completed_on', completion.completed_on]]),
          { file, row: ++ordinal },
        );
        // A student known only by username cannot be matched by email further on: say so, by name.
        if (!completion.email) {
          rejectRow(row, { column: 'email', code: 'missing_email', message: `The contact ${completion.username ?? completion.contact_id} has no email address; give them one to include them.` });
        }
        yield row;
      }
      if (rows.length < PAGE_SIZE) return;
      after = rows[rows.length - 1];
    }
  },
};

const SELECT = `select c.contact_id, c.node_id, k.email, k.username, n.uuid::text as content, to_char(c.completed_on, 'YYYY-MM-DD') as completed_on
                  from completion c
                  join contact k on k.id = c.contact_id and k.workspace_id = c.workspace_id
                  join content_node n on n.id = c.node_id and n.workspace_id = c.workspace_id`;

function byContact(db: SqlClient, workspaceId: string, emailKey: string) {
  return (after?: CompletionRow) =>
    db.query<CompletionRow>(`${SELECT} where c.workspace_id = ? and k.email_key = ? and c.node_id > ? order by c.node_id limit ?`, [
      workspaceId, emailKey, after?.node_id ?? 0, PAGE_SIZE,
    ]);
}

function byContent(db: SqlClient, workspaceId: string, uuid: string) {
  return (after?: CompletionRow) =>
    db.query<CompletionRow>(`${SELECT} where c.workspace_id = ? and n.uuid = ?::uuid and c.contact_id > ?::bigint order by c.contact_id limit ?`, [
      workspaceId, uuid, after?.contact_id ?? '0', PAGE_SIZE,
    ]);
}

function ferryDatabase(context: SourceContext): { db: SqlClient; workspaceId: string } {
  if (!context.db || !context.workspaceId) {
    throw new FatalRunError('no_database', `${manifest.name} reads Ferry's own database: run it through Ferry, which hands it the database and the workspace.`);
  }
  return { db: context.db, workspaceId: context.workspaceId };
}
