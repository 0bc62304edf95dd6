import { ContactStore, TagStore, type Database } from '@ferry/domain';
import { ConfigError, FatalRunError, resolveConfig, type Row, type SourceContext } from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { ferryContactsSource } from '..';
import type { FerryContactsConfig } from '../ferry-contacts.config';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

async function addContacts(workspaceId: string, people: { email: string; tags: string[] }[]): Promise<void> {
  const tagIds = await new TagStore(db.sql).idsByName(workspaceId, [...new Set(people.flatMap((p) => p.tags))], true);
  await new ContactStore(db.sql).upsert(workspaceId, people.map((p) => ({
    email: p.email, emailKey: p.email.toLowerCase(), fields: {}, tagIds: p.tags.map((t) => tagIds.get(t.toLowerCase())!),
  })));
}

async function read(config: Record<string, unknown>, context: SourceContext): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of ferryContactsSource.read(resolveConfig<FerryContactsConfig>(ferryContactsSource, config), context)) rows.push(row);
  return rows;
}

describe('ferry-contacts source', () => {
  it('reads the emails of the contacts with a tag (any case), counting rows from 1', async () => {
    const ws = await newWorkspace(db);
    const other = await newWorkspace(db);
    await addContacts(ws.id, [
      { email: 'ada@example.com', tags: ['VIP'] },
      { email: 'alan@example.com', tags: ['newsletter'] },
      { email: 'grace@example.com', tags: ['newsletter', 'VIP'] },
    ]);
    await addContacts(other.id, [{ email: 'someone@example.com', tags: ['vip'] }]);
    const rows = await read({ tag: ' vip ' }, { db: db.sql, workspaceId: ws.id });
    expect(rows.map((r) => ({ ...r.values }))).toEqual([{ email: 'ada@example.com' }, { email: 'grace@example.com' }]);
    expect(rows.map((r) => r.at)).toEqual([{ file: 'contacts with tag vip', row: 1 }, { file: 'contacts with tag vip', row: 2 }]);
    expect(await read({ tag: 'nobody-has-this' }, { db: db.sql, workspaceId: ws.id })).toEqual([]);
  });

  it('pages through thousands of contacts in id order', async () => {
    const ws = await newWorkspace(db);
    const people = Array.from({ length: 2345 }, (_, i) => ({ email: `p${String(i).padStart(4, '0')}@example.com`, tags: i % 2 ? ['odd'] : ['even'] }));
    await addContacts(ws.id, people);
    const rows = await read({ tag: 'odd' }, { db: db.sql, workspaceId: ws.id });
    expect(rows).toHaveLength(1172);
    expect(rows[0].values.email).toBe('p0001@example.com');
    expect(rows[1171]).toMatchObject({ values: { email: 'p2343@example.com' }, at: { row: 1172 } });
    expect(new Set(rows.map((r) => r.values.email)).size).toBe(1172);
  });

  it('rejects a contact that has only a username, naming it', async () => {
    const ws = await newWorkspace(db);
    await addContacts(ws.id, [{ email: 'ada@example.com', tags: ['kids'] }]);
    const [tagId] = (await new TagStore(db.sql).idsByName(ws.id, ['kids'], false)).values();
    await db.sql.query(`insert into contact (workspace_id, username, username_key, tag_ids) values (?, 'tim.k', 'tim.k', array[?::int])`, [ws.id, tagId]);
    const rows = await read({ tag: 'kids' }, { db: db.sql, workspaceId: ws.id });
    expect(rows[0].issues).toEqual([]);
    expect(rows[1].issues).toEqual([expect.objectContaining({ row: 2, column: 'email', code: 'missing_email', severity: 'error', message: expect.stringContaining('tim.k') })]);
  });

  it('needs a tag, and Ferry\'s database to read from', async () => {
    expect(() => resolveConfig(ferryContactsSource, {})).toThrow(ConfigError);
    expect(() => resolveConfig(ferryContactsSource, { tag: '  ' })).toThrow(ConfigError);
    await expect(read({ tag: 'vip' }, {})).rejects.toThrow(FatalRunError);
    const [stream] = await ferryContactsSource.discover(resolveConfig(ferryContactsSource, { tag: 'vip' }), {});
    expect(stream).toMatchObject({ name: 'contacts with tag vip', columns: [{ key: 'email', header: 'email', index: 0 }] });
  });
});
