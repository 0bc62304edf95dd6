import { CustomFieldStore, type Database } from '@ferry/domain';
import { ConfigError, createRow, createValues, resolveConfig, type Row, type SinkContext } from '@ferry/sdk';
import { randomUUID } from 'node:crypto';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { courseEnrollmentSink } from '..';
import type { CourseEnrollmentConfig } from '../course-enrollment.config';
import { addOffer, addProduct, grantsOf } from './catalog-fixture';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

let rowNumber = 1;
function row(values: Record<string, unknown>, columns?: Record<string, string>): Row {
  const made = createRow(createValues(Object.entries(values)), { file: 'students.csv', row: ++rowNumber });
  if (columns) made.columns = columns;
  return made;
}

interface RunOptions {
  dryRun?: boolean;
  config?: Partial<CourseEnrollmentConfig>;
}

/** A sink opened for one run; each call writes one batch in its own transaction. */
async function openRun(workspaceId: string, options: RunOptions = {}) {
  const context: SinkContext = { workspaceId, runId: randomUUID(), dryRun: options.dryRun ?? false, db: db.sql };
  const writer = await courseEnrollmentSink.open(resolveConfig<CourseEnrollmentConfig>(courseEnrollmentSink, options.config ?? {}), context);
  return (rows: Row[]) => db.transaction((sql) => writer.write(rows, { ...context, db: sql }));
}

const writeBatch = async (workspaceId: string, rows: Row[], options: RunOptions = {}) => (await openRun(workspaceId, options))(rows);
const statuses = (outcomes: { status: string }[]) => outcomes.map((o) => o.status);

async function contacts(workspaceId: string) {
  return db.sql.query<{ email: string; first_name: string | null; roles: string[] }>(
    `select email, first_name, roles from contact where workspace_id = ? order by email_key`,
    [workspaceId],
  );
}

/** A workspace with the product Piano (and its own offer) and a bundle offer. */
async function setUp() {
  const ws = await newWorkspace(db);
  const piano = await addProduct(db, ws.id, 'Piano');
  const violin = await addProduct(db, ws.id, 'Violin');
  await addOffer(db, ws.id, 'Piano', [piano]);
  await addOffer(db, ws.id, 'Strings and keys', [piano, violin]);
  return { ws, piano, violin };
}

describe('course-enrollment sink', () => {
  it('creates students with access, and finds the same file unchanged when imported again', async () => {
    const { ws } = await setUp();
    const rows = () => [
      row({ email: 'Ada@Example.com', first_name: 'Ada', offer: 'Strings and keys' }),
      row({ email: 'alan@example.com', first_name: 'Alan', offer: '  strings AND keys ' }),
    ];
    expect(await writeBatch(ws.id, rows())).toEqual([{ status: 'created' }, { status: 'created' }]);
    expect(await writeBatch(ws.id, rows())).toEqual([{ status: 'unchanged' }, { status: 'unchanged' }]);
    expect(await grantsOf(db, ws.id)).toEqual(['Ada@Example.com → Strings and keys', 'alan@example.com → Strings and keys']);
    expect(await contacts(ws.id)).toEqual([
      { email: 'Ada@Example.com', first_name: 'Ada', roles: ['student'] },
      { email: 'alan@example.com', first_name: 'Alan', roles: ['student'] },
    ]);
  });

  it('counts a new grant as created and a changed contact with its grant as updated', async () => {
    const { ws } = await setUp();
    await writeBatch(ws.id, [row({ email: 'ada@example.com', first_name: 'Ada', offer: 'Piano' })]);
    const outcomes = await writeBatch(ws.id, [
      row({ email: 'ada@example.com', first_name: 'Augusta', offer: 'Piano' }),
      row({ email: 'ada@example.com', offer: 'Strings and keys' }),
    ]);
    expect(statuses(outcomes)).toEqual(['updated', 'created']);
    expect(await grantsOf(db, ws.id)).toEqual(['ada@example.com → Piano', 'ada@example.com → Strings and keys']);
    expect((await contacts(ws.id))[0].first_name).toBe('Augusta');
  });

  it('treats granting twice, in one batch too, as unchanged', async () => {
    const { ws } = await setUp();
    const outcomes = await writeBatch(ws.id, [row({ email: 'ada@example.com', offer: 'Piano' }), row({ email: 'ADA@example.com', offer: 'piano' })]);
    expect(statuses(outcomes)).toEqual(['created', 'unchanged']);
    expect(await grantsOf(db, ws.id)).toEqual(['ada@example.com → Piano']);
  });

  it('grants a named product through its own offer, creating that offer once when the catalog has none', async () => {
    const { ws } = await setUp();
    await addProduct(db, ws.id, 'Cello');
    const outcomes = await writeBatch(ws.id, [
      row({ email: 'ada@example.com', product: 'piano' }),
      row({ email: 'alan@example.com', product: 'Cello ' }),
      row({ email: 'grace@example.com', product: 'cello' }),
    ]);
    expect(statuses(outcomes)).toEqual(['created', 'created', 'created']);
    expect(await grantsOf(db, ws.id)).toEqual(['ada@example.com → Piano', 'alan@example.com → Cello', 'grace@example.com → Cello']);
    const offers = await db.sql.query<{ name: string; product_ids: number[] }>(`select name, product_ids from offer where workspace_id = ? and name_key = 'cello'`, [ws.id]);
    expect(offers).toHaveLength(1);
    expect(statuses(await writeBatch(ws.id, [row({ email: 'grace@example.com', product: 'Cello' })]))).toEqual(['unchanged']);
  });

  it('rejects unknown offers and products and rows that name neither, naming column and value, and leaves their contacts alone', async () => {
    const { ws } = await setUp();
    const headers = { email: 'E-Mail', offer: 'Angebot', product: 'Kurs' };
    const outcomes = await writeBatch(ws.id, [
      row({ email: 'ada@example.com', first_name: 'Ada', offer: 'Harp' }, headers),
      row({ email: 'alan@example.com', product: 'Harp' }, headers),
      row({ email: 'grace@example.com' }, headers),
      row({ email: 'kim@example.com', offer: 'Piano' }, headers),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'failed', issue: { code: 'unknown_offer', column: 'Angebot', value: 'Harp' } });
    expect(outcomes[0].issue?.message).toContain('"Harp"');
    expect(outcomes[1]).toMatchObject({ status: 'failed', issue: { code: 'unknown_product', column: 'Kurs', value: 'Harp' } });
    expect(outcomes[2]).toMatchObject({ status: 'failed', issue: { code: 'missing_offer', column: 'Angebot' } });
    expect(outcomes[3].status).toBe('created');
    expect((await contacts(ws.id)).map((c) => c.email)).toEqual(['kim@example.com']);
  });

  it('refuses a product whose name another offer took, since its own offer cannot exist', async () => {
    const { ws, violin } = await setUp();
    await addOffer(db, ws.id, 'Violin', [violin, await addProduct(db, ws.id, 'Bow care')]);
    const [outcome] = await writeBatch(ws.id, [row({ email: 'ada@example.com', product: 'Violin' })]);
    expect(outcome).toMatchObject({ status: 'failed', issue: { code: 'product_offer_conflict', column: 'product', value: 'Violin' } });
  });

  it('grants the configured offer to every row without one of its own', async () => {
    const { ws } = await setUp();
    const outcomes = await writeBatch(ws.id, [row({ email: 'ada@example.com' }), row({ email: 'alan@example.com', offer: 'Piano' })], {
      config: { offer: ' STRINGS and keys' },
    });
    expect(statuses(outcomes)).toEqual(['created', 'created']);
    expect(await grantsOf(db, ws.id)).toEqual(['ada@example.com → Strings and keys', 'alan@example.com → Piano']);
  });

  it('stops before writing anything when the configured offer does not exist, naming it', async () => {
    const { ws } = await setUp();
    const error = await openRun(ws.id, { config: { offer: 'Harp lessons' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'unknown_offer' });
    expect((error as Error).message).toContain('"Harp lessons"');
    expect((error as Error).message).toContain('Piano, Strings and keys');
  });

  it('keeps a row the contact rules reject failed, without a grant', async () => {
    const { ws } = await setUp();
    await new CustomFieldStore(db.sql).add(ws.id, { key: 'birthday', type: 'date' });
    const [outcome] = await writeBatch(ws.id, [row({ email: 'ada@example.com', birthday: '31.02.2000', offer: 'Piano' }, { birthday: 'Geburtstag' })]);
    expect(outcome).toMatchObject({ status: 'failed', issue: { code: 'invalid_date', column: 'Geburtstag', value: '31.02.2000' } });
    expect(await grantsOf(db, ws.id)).toEqual([]);
  });

  it('adds the configured role, and with updateExisting off leaves existing contacts as they are but still grants', async () => {
    const { ws } = await setUp();
    await writeBatch(ws.id, [row({ email: 'ada@example.com', first_name: 'Ada', offer: 'Piano' })]);
    const config = { updateExisting: false, role: 'instructor' as const };
    const outcomes = await writeBatch(ws.id, [row({ email: 'ada@example.com', first_name: 'Changed', offer: 'Strings and keys' }), row({ email: 'alan@example.com', offer: 'Piano' })], { config });
    expect(statuses(outcomes)).toEqual(['created', 'created']);
    expect(await contacts(ws.id)).toEqual([
      { email: 'ada@example.com', first_name: 'Ada', roles: ['student'] },
      { email: 'alan@example.com', first_name: null, roles: ['instructor'] },
    ]);
    expect(await grantsOf(db, ws.id)).toEqual(['ada@example.com → Piano', 'ada@example.com → Strings and keys', 'alan@example.com → Piano']);
    expect(statuses(await writeBatch(ws.id, [row({ email: 'ada@example.com', first_name: 'Changed', offer: 'Piano' })], { config }))).toEqual(['unchanged']);
  });

  it('writes nothing in a dry-run but classifies rows as a real run would, later batches seeing earlier ones', async () => {
    const { ws } = await setUp();
    await addProduct(db, ws.id, 'Cello');
    await writeBatch(ws.id, [row({ email: 'ada@example.com', first_name: 'Ada', offer: 'Piano' })]);
    const batches = () => [
      [
        row({ email: 'ada@example.com', first_name: 'Ada', offer: 'Piano' }),
        row({ email: 'ada@example.com', first_name: 'Augusta', offer: 'Piano' }),
        row({ email: 'new@example.com', product: 'Cello' }),
        row({ email: 'new@example.com', offer: 'Harp' }),
      ],
      [row({ email: 'NEW@example.com', product: 'cello' }), row({ email: 'ada@example.com', offer: 'Strings and keys' })],
    ];
    const dry = await openRun(ws.id, { dryRun: true });
    const dryOutcomes = [await dry(batches()[0]), await dry(batches()[1])];
    expect(await grantsOf(db, ws.id)).toEqual(['ada@example.com → Piano']);
    expect((await contacts(ws.id)).map((c) => [c.email, c.first_name])).toEqual([['ada@example.com', 'Ada']]);
    expect(await db.sql.query(`select 1 from offer where workspace_id = ? and name_key = 'cello'`, [ws.id])).toEqual([]);

    const real = await openRun(ws.id);
    const realOutcomes = [await real(batches()[0]), await real(batches()[1])];
    expect(dryOutcomes).toEqual(realOutcomes);
    expect(realOutcomes.map(statuses)).toEqual([['unchanged', 'updated', 'created', 'failed'], ['unchanged', 'created']]);
  });

  it('lists contact fields, custom fields, then offer and product, none of them required but the email', async () => {
    const ws = await newWorkspace(db);
    await new CustomFieldStore(db.sql).add(ws.id, { key: 'instrument', type: 'text' });
    const fields = await courseEnrollmentSink.fields(resolveConfig(courseEnrollmentSink, {}), { workspaceId: ws.id, runId: randomUUID(), dryRun: true, db: db.sql });
    expect(fields.map((f) => f.key)).toEqual(['email', 'first_name', 'last_name', 'phone', 'tags', 'language', 'instrument', 'offer', 'product']);
    expect(fields.filter((f) => f.required).map((f) => f.key)).toEqual(['email']);
  });
});
