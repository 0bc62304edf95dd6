import { createRow, createValues, type Row, type SinkContext } from '@ferry/sdk';
import { randomUUID } from 'node:crypto';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { ContactBatchWriter, type ContactWriterOptions, type Database } from '../src';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

let rowNumber = 1;
const row = (values: Record<string, unknown>): Row => createRow(createValues(Object.entries(values)), { file: 'people.csv', row: ++rowNumber });

async function run(workspaceId: string, batches: Row[][], options: Partial<ContactWriterOptions> & { dryRun?: boolean } = {}) {
  const context: SinkContext = { workspaceId, runId: randomUUID(), dryRun: options.dryRun ?? false, db: db.sql };
  const writer = await ContactBatchWriter.open(context, { updateExisting: true, ...options });
  const results = [];
  for (const batch of batches) results.push(await db.transaction((sql) => writer.write(batch, { ...context, db: sql })));
  return { statuses: results.flatMap((r) => r.outcomes.map((o) => o.status)), contacts: results.flatMap((r) => r.contacts), outcomes: results.flatMap((r) => r.outcomes) };
}

const stored = (workspaceId: string) =>
  db.sql.query<{ email: string | null; username: string | null; first_name: string | null }>(
    `select email, username, first_name from contact where workspace_id = ? order by id`, [workspaceId]);

describe('ContactBatchWriter', () => {
  it('without usernames, rejects a row with no email and leaves a username cell alone', async () => {
    const ws = await newWorkspace(db);
    const { outcomes } = await run(ws.id, [[row({ email: '  ', first_name: 'Nobody' }), row({ email: 'ada@example.com', username: 'ada' })]]);
    expect(outcomes.map((o) => [o.status, o.issue?.code])).toEqual([['failed', 'missing_email'], ['created', undefined]]);
    expect(await stored(ws.id)).toEqual([{ email: 'ada@example.com', username: null, first_name: null }]);
  });

  it('with usernames, matches by username, gives a username-only contact its email, follows a renamed username, and a dry-run sees it all', async () => {
    const ws = await newWorkspace(db);
    await run(ws.id, [[row({ email: 'a@example.com', username: 'alpha' })]], { usernames: true });
    const batches = [
      [row({ username: 'kid' })],
      [row({ email: 'kid@example.com', username: 'KID' }), row({ email: 'A@example.com', username: 'alpha2' })],
      [row({ username: 'alpha' }), row({ email: 'kid@example.com' }), row({ username: 'ALPHA2', first_name: 'A' })],
    ];
    const expected = ['created', 'updated', 'updated', 'created', 'unchanged', 'updated'];
    const dry = await run(ws.id, batches, { usernames: true, dryRun: true });
    expect(dry.statuses).toEqual(expected);
    expect(dry.contacts.map((c) => c?.id === null)).toEqual([true, true, false, true, true, false]);
    expect(await stored(ws.id)).toEqual([{ email: 'a@example.com', username: 'alpha', first_name: null }]);

    const real = await run(ws.id, batches, { usernames: true });
    expect(real.statuses).toEqual(expected);
    expect(real.contacts.map((c) => [c?.emailKey, c?.usernameKey])).toEqual([
      ['', 'kid'], ['kid@example.com', 'kid'], ['a@example.com', 'alpha2'], ['', 'alpha'], ['kid@example.com', 'kid'], ['a@example.com', 'alpha2'],
    ]);
    expect(await stored(ws.id)).toEqual([
      { email: 'a@example.com', username: 'alpha2', first_name: 'A' },
      { email: 'kid@example.com', username: 'kid', first_name: null },
      { email: null, username: 'alpha', first_name: null },
    ]);
  });
});
