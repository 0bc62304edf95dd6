import { CatalogStore, CompletionStore, ContactStore, ContentStore, parseContentTree, type Database } from '@ferry/domain';
import { ConfigError, FatalRunError, resolveConfig, type Row, type SourceContext } from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { ferryCompletionsSource } from '..';
import type { FerryCompletionsConfig } from '../ferry-completions.config';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

const P = '11111111-1111-4111-8111-111111111111';
const A1 = '33333333-3333-4333-8333-333333333331';
const A2 = '33333333-3333-4333-8333-333333333332';
const J = '22222222-2222-4222-8222-222222222221';

/** A workspace with a small tree, contacts, and completions given as [email, uuid, date]. */
async function workspaceWith(emails: string[], completions: [string, string, string][]) {
  const ws = await newWorkspace(db);
  const product = await new CatalogStore(db.sql).addProduct(ws.id, 'Spanish');
  await new ContentStore(db.sql).importTree(ws.id, product, parseContentTree(JSON.stringify([{ uuid: P, title: 'Spanish', level: 'programme', children: [
    { uuid: J, title: 'Greetings', level: 'journey', children: [{ uuid: A1, title: 'Hello', level: 'activity' }, { uuid: A2, title: 'Bye', level: 'activity' }] }] }]), 'json'));
  const ids = await new ContactStore(db.sql).upsert(ws.id, emails.map((email) => ({ email, emailKey: email.toLowerCase(), fields: {}, tagIds: [] })));
  const nodes = new Map((await db.sql.query<{ id: number; uuid: string }>(`select id, uuid::text as uuid from content_node where workspace_id = ?`, [ws.id])).map((n) => [n.uuid, n.id]));
  await new CompletionStore(db.sql).upsertEarliest(ws.id, null, completions.map(([email, uuid, date]) => ({ contactId: ids.get(email.toLowerCase())!, nodeId: nodes.get(uuid)!, completedOn: date })));
  return ws;
}

async function read(config: Record<string, unknown>, context: SourceContext): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of ferryCompletionsSource.read(resolveConfig<FerryCompletionsConfig>(ferryCompletionsSource, config), context)) rows.push(row);
  return rows;
}
const values = (rows: Row[]) => rows.map((r) => ({ ...r.values }));

describe('ferry-completions source', () => {
  it("reads one contact's completions (email any case), with ISO dates and counted rows", async () => {
    const ws = await workspaceWith(['Ada@example.com', 'alan@example.com'], [
      ['Ada@example.com', A2, '2026-03-02'], ['Ada@example.com', A1, '2026-03-01'], ['alan@example.com', A1, '2025-12-31'],
    ]);
    const rows = await read({ email: ' ADA@example.com ' }, { db: db.sql, workspaceId: ws.id });
    expect(values(rows)).toEqual([
      { email: 'Ada@example.com', content: A1, completed_on: '2026-03-01' },
      { email: 'Ada@example.com', content: A2, completed_on: '2026-03-02' },
    ]);
    expect(rows.map((r) => r.at)).toEqual([{ file: 'completions of ADA@example.com', row: 1 }, { file: 'completions of ADA@example.com', row: 2 }]);
  });

  it("reads one content node's completions, one row per contact, within the workspace", async () => {
    const ws = await workspaceWith(['ada@example.com', 'alan@example.com', 'grace@example.com'], [
      ['ada@example.com', A1, '2026-03-01'], ['alan@example.com', A1, '2025-12-31'], ['grace@example.com', A2, '2026-01-01'],
    ]);
    const other = await workspaceWith(['someone@example.com'], [['someone@example.com', A1, '2020-01-01']]);
    const rows = await read({ content: A1.toUpperCase() }, { db: db.sql, workspaceId: ws.id });
    expect(values(rows)).toEqual([
      { email: 'ada@example.com', content: A1, completed_on: '2026-03-01' },
      { email: 'alan@example.com', content: A1, completed_on: '2025-12-31' },
    ]);
    expect(rows[0].at.file).toBe(`completions of content ${A1}`);
    expect(await read({ content: A1 }, { db: db.sql, workspaceId: other.id })).toHaveLength(1);
    expect(await read({ email: 'nobody@example.com' }, { db: db.sql, workspaceId: ws.id })).toEqual([]);
  });

  it('pages through more than a thousand completions', async () => {
    const emails = Array.from({ length: 1501 }, (_, i) => `p${i}@example.com`);
    const ws = await workspaceWith(emails, emails.map((email, i) => [email, A1, `2026-01-${String((i % 28) + 1).padStart(2, '0')}`]));
    const rows = await read({ content: A1 }, { db: db.sql, workspaceId: ws.id });
    expect(rows).toHaveLength(1501);
    expect(new Set(rows.map((r) => r.values.email)).size).toBe(1501);
    expect(rows[1500].at.row).toBe(1501);
  });

  it('takes exactly one of email and content, and needs Ferry\'s database', async () => {
    expect(() => resolveConfig(ferryCompletionsSource, {})).toThrow(/give email .* or content/);
    expect(() => resolveConfig(ferryCompletionsSource, { email: 'a@example.com', content: A1 })).toThrow(/not both/);
    expect(() => resolveConfig(ferryCompletionsSource, { content: 'lesson-1' })).toThrow(ConfigError);
    expect(resolveConfig(ferryCompletionsSource, { content: A1 })).toMatchObject({ content: A1 });
    await expect(read({ email: 'a@example.com' }, {})).rejects.toThrow(FatalRunError);
    const [stream] = await ferryCompletionsSource.discover(resolveConfig(ferryCompletionsSource, { email: 'a@example.com' }), {});
    expect(stream.columns.map((c) => c.key)).toEqual(['email', 'content', 'completed_on']);
  });
});
