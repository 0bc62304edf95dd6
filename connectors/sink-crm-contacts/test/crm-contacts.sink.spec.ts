import { CustomFieldStore, pageContacts, type Database } from '@ferry/domain';
import { createRow, createValues, type Row, type SinkContext } from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { crmContactsSink } from '..';
import { CrmContactsConfig } from '../crm-contacts.config';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

let rowNumber = 1;
function row(values: Record<string, unknown>): Row {
  return createRow(createValues(Object.entries(values)), { file: 'people.csv', row: ++rowNumber });
}

async function writeBatch(workspaceId: string, rows: Row[], options: { dryRun?: boolean; config?: Partial<CrmContactsConfig> } = {}) {
  const context: SinkContext = { workspaceId, runId: 'test', dryRun: options.dryRun ?? false, db: db.sql };
  const writer = await crmContactsSink.open(Object.assign(new CrmContactsConfig(), options.config), context);
  return db.transaction((sql) => writer.write(rows, { ...context, db: sql }));
}

const contacts = (workspaceId: string, tag?: string) => pageContacts(db.sql, workspaceId, { tag });

describe('crm-contacts sink', () => {
  it("keeps a contact's language (for its emails) as a lower-case code, refuses one that is not a code, and never erases it", async () => {
    const ws = await newWorkspace(db);
    const languageOf = async (emailKey: string) => (await db.sql.query<{ language: string | null }>('select language from contact where workspace_id = ? and email_key = ?', [ws.id, emailKey]))[0]?.language;
    const first = await writeBatch(ws.id, [row({ email: 'ada@example.com', language: 'DE' }), row({ email: 'bob@example.com', language: 'Deutsch' })]);
    expect(first.map((o) => o.status)).toEqual(['created', 'failed']);
    expect(first[1].issue).toMatchObject({ code: 'invalid_language', value: 'Deutsch' });
    expect(await languageOf('ada@example.com')).toBe('de');
    expect((await writeBatch(ws.id, [row({ email: 'ada@example.com', language: 'de' })]))[0].status).toBe('unchanged');
    expect((await writeBatch(ws.id, [row({ email: 'ada@example.com', first_name: 'Ada' })]))[0].status).toBe('updated');
    expect(await languageOf('ada@example.com')).toBe('de');
    expect((await writeBatch(ws.id, [row({ email: 'ada@example.com', language: 'pt-BR' })]))[0].status).toBe('updated');
    expect(await languageOf('ada@example.com')).toBe('pt-br');
  });

  it('creates contacts, then finds them unchanged when the same rows come again', async () => {
    const ws = await newWorkspace(db);
    const rows = () => [
      row({ email: 'Ada@Example.com', first_name: 'Ada', last_name: 'Lovelace', phone: '+447700900123', tags: ['maths'] }),
      row({ email: 'alan@example.com', first_name: 'Alan' }),
    ];
    expect((await writeBatch(ws.id, rows())).map((o) => o.status)).toEqual(['created', 'created']);
    expect((await writeBatch(ws.id, rows())).map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    const stored = await contacts(ws.id);
    expect(stored.map((c) => [c.email, c.first_name, c.last_name, c.phone, c.tags])).toEqual([
      ['Ada@Example.com', 'Ada', 'Lovelace', '+447700900123', ['maths']],
      ['alan@example.com', 'Alan', null, null, []],
    ]);
  });

  it('matches emails case-insensitively, never erases with empty cells and only adds tags', async () => {
    const ws = await newWorkspace(db);
    await writeBatch(ws.id, [row({ email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', tags: ['maths'] })]);
    const outcomes = await writeBatch(ws.id, [row({ email: 'ADA@EXAMPLE.COM', first_name: '', last_name: 'King', tags: ['poetry'] })]);
    expect(outcomes.map((o) => o.status)).toEqual(['updated']);
    const [ada] = await contacts(ws.id);
    expect(ada).toMatchObject({ email: 'ada@example.com', first_name: 'Ada', last_name: 'King', tags: ['maths', 'poetry'] });
    expect(await contacts(ws.id, 'POETRY')).toHaveLength(1);
    expect(await contacts(ws.id, 'unknown')).toHaveLength(0);
  });

  it('merges two rows for one email in one batch as if imported one after the other', async () => {
    const ws = await newWorkspace(db);
    const outcomes = await writeBatch(ws.id, [
      row({ email: 'grace@example.com', first_name: 'Grace', tags: ['navy'] }),
      row({ email: 'Grace@example.com', last_name: 'Hopper', tags: ['cobol'] }),
      row({ email: 'grace@example.com', first_name: 'Grace' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'updated', 'unchanged']);
    const all = await contacts(ws.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', tags: ['cobol', 'navy'] });
  });

  it('types custom field values and rejects a row whose value does not fit, naming the column', async () => {
    const ws = await newWorkspace(db);
    const fields = new CustomFieldStore(db.sql);
    await fields.add(ws.id, { key: 'level', type: 'select', options: ['Beginner', 'Advanced'] });
    await fields.add(ws.id, { key: 'birthday', type: 'date' });
    await fields.add(ws.id, { key: 'seats', type: 'number' });
    await fields.add(ws.id, { key: 'alumni', type: 'boolean' });
    const good = row({ email: 'a@example.com', level: 'advanced', birthday: '31.12.1990', seats: '3,5', alumni: 'ja' });
    const bad = row({ email: 'b@example.com', birthday: '31.02.1990' });
    bad.columns = { birthday: 'Geburtstag' };
    const outcomes = await writeBatch(ws.id, [good, bad]);
    expect(outcomes[0].status).toBe('created');
    expect(outcomes[1]).toMatchObject({ status: 'failed', issue: { column: 'Geburtstag', value: '31.02.1990', code: 'invalid_date' } });
    const [stored] = await contacts(ws.id);
    expect(stored.fields).toEqual({ level: 'Advanced', birthday: '1990-12-31', seats: 3.5, alumni: true });
    expect(await contacts(ws.id)).toHaveLength(1);
  });

  it('writes nothing in a dry-run but classifies rows as a real run would', async () => {
    const ws = await newWorkspace(db);
    await writeBatch(ws.id, [row({ email: 'old@example.com', first_name: 'Old' })]);
    const outcomes = await writeBatch(ws.id, [
      row({ email: 'old@example.com', first_name: 'Old' }),
      row({ email: 'old@example.com', first_name: 'New', tags: ['x'] }),
      row({ email: 'new@example.com', tags: ['fresh'] }),
    ], { dryRun: true });
    expect(outcomes.map((o) => o.status)).toEqual(['unchanged', 'updated', 'created']);
    const all = await contacts(ws.id);
    expect(all.map((c) => [c.email, c.first_name, c.tags])).toEqual([['old@example.com', 'Old', []]]);
    const tags = await db.sql.query(`select name from tag where workspace_id = ?`, [ws.id]);
    expect(tags).toEqual([]);
  });

  it('skips existing contacts when only new ones are wanted', async () => {
    const ws = await newWorkspace(db);
    await writeBatch(ws.id, [row({ email: 'kept@example.com', first_name: 'Kept' })]);
    const outcomes = await writeBatch(ws.id, [row({ email: 'kept@example.com', first_name: 'Changed' }), row({ email: 'added@example.com' })], { config: { updateExisting: false } });
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'created']);
    expect((await contacts(ws.id))[0].first_name).toBe('Kept');
  });

  it('keeps workspaces apart: the same email in two workspaces is two contacts', async () => {
    const one = await newWorkspace(db);
    const two = await newWorkspace(db);
    await writeBatch(one.id, [row({ email: 'shared@example.com', first_name: 'One' })]);
    expect((await writeBatch(two.id, [row({ email: 'shared@example.com', first_name: 'Two' })]))[0].status).toBe('created');
    expect((await contacts(one.id))[0].first_name).toBe('One');
    expect((await contacts(two.id))[0].first_name).toBe('Two');
  });

  it('lists core fields first and the workspace custom fields after them', async () => {
    const ws = await newWorkspace(db);
    await new CustomFieldStore(db.sql).add(ws.id, { key: 'department', label: 'Abteilung', type: 'text' });
    const fields = await crmContactsSink.fields(new CrmContactsConfig(), { workspaceId: ws.id, runId: 'x', dryRun: true, db: db.sql });
    expect(fields.map((f) => f.key)).toEqual(['email', 'first_name', 'last_name', 'phone', 'tags', 'language', 'department']);
    expect(fields.find((f) => f.key === 'email')?.required).toBe(true);
  });
});

describe('crm-contacts dry-run across batches', () => {
  it('classifies a later batch against what earlier batches would have written', async () => {
    const ws = await newWorkspace(db);
    await writeBatch(ws.id, [row({ email: 'kim@example.com', first_name: 'Kim' })]);
    const context: SinkContext = { workspaceId: ws.id, runId: 'dry', dryRun: true, db: db.sql };
    const writer = await crmContactsSink.open(new CrmContactsConfig(), context);
    const first = await writer.write([row({ email: 'kim@example.com', first_name: 'Kimberly' }), row({ email: 'lee@example.com' })], context);
    const second = await writer.write([row({ email: 'kim@example.com', first_name: 'Kimberly' }), row({ email: 'LEE@example.com' })], context);
    expect(first.map((o) => o.status)).toEqual(['updated', 'created']);
    expect(second.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect((await contacts(ws.id)).map((c) => c.first_name)).toEqual(['Kim']);
  });
});
