import { createRow, createValues, FatalRunError, rejectRow, type Row, type SourceContext, type SourcePlugin, type SqlClient, type StreamInfo } from '@ferry/sdk';
import { FerryContactsConfig } from './ferry-contacts.config';
import { manifest } from './manifest';

const PAGE_SIZE = 1000;

/** The stream's name, and the `file` every row's origin names (there is no spreadsheet). */
const streamName = (config: FerryContactsConfig) => `contacts with tag ${config.tag.trim()}`;

export const ferryContactsSource: SourcePlugin<FerryContactsConfig> = {
  manifest,
  config: FerryContactsConfig,

  async discover(config): Promise<StreamInfo[]> {
    return [{ name: streamName(config), columns: [{ key: 'email', header: 'email', index: 0 }], details: { tag: config.tag.trim() } }];
  },

  /** Contacts in id order, a page at a time (keyset paging: flat memory however many there are). */
  async *read(config, context): AsyncIterable<Row> {
    const { db, workspaceId } = ferryDatabase(context);
    const file = streamName(config);
    const tagId = await findTag(db, workspaceId, config.tag);
    if (tagId === undefined) return;
    let ordinal = 0;
    for (let after = '0'; ; ) {
      if (context.signal?.aborted) return;
      // bigint ids come back as text
      const page = await db.query<{ id: string; email: string | null; username: string | null }>(
        `select id, email, username from contact
          where workspace_id = ? and id > ?::bigint and tag_ids @> array[?::int]
          order by id limit ?`,
        [workspaceId, after, tagId, PAGE_SIZE],
      );
      for (const contact of page) {
        const row = createRow(createValues([['email', contact.email]]), { file, row: ++ordinal });
        // A student known only by username cannot be matched by email further on: say so, by name.
        if (!contact.email) {
          rejectRow(row, { column: 'email', code: 'missing_email', message: `The contact ${contact.username ?? contact.id} has no email address; give them one to include them.` });
        }
        yield row;
      }
      if (page.length < PAGE_SIZE) return;
      after = page[page.length - 1].id;
    }
  },
};

async function findTag(db: SqlClient, workspaceId: string, tag: string): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>(`select id from tag where workspace_id = ? and name_key = ?`, [workspaceId, tag.trim().toLowerCase()]);
  return row?.id;
}

function ferryDatabase(context: SourceContext): { db: SqlClient; workspaceId: string } {
  if (!context.db || !context.workspaceId) {
    throw new FatalRunError('no_database', `${manifest.name} reads Ferry's own database: run it through Ferry, which hands it the database and the workspace.`);
  }
  return { db: context.db, workspaceId: context.workspaceId };
}
