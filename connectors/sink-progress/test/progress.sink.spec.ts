import { CompletionStore, type Database } from '@ferry/domain';
import { createRow, createValues, resolveConfig, type Row, type SinkContext, type SinkWriter } from '@ferry/sdk';
import { randomUUID } from 'node:crypto';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { progressSink } from '..';
import type { ProgressConfig } from '../progress.config';
import { addContact, addCourse, grantProducts } from './learning-fixture';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

let rowNumber = 1;
function row(values: Record<string, unknown>, columns?: Record<string, string>): Row {
  const made = createRow(createValues(Object.entries(values)), { file: 'progress.csv', row: ++rowNumber });
  if (columns) made.columns = columns;
  return made;
}

/** A sink opened for one run; each write is one batch in its own transaction. */
async function openRun(workspaceId: string, options: { dryRun?: boolean; config?: Partial<ProgressConfig> } = {}) {
  const context: SinkContext = { workspaceId, runId: randomUUID(), dryRun: options.dryRun ?? false, db: db.sql };
  const writer: SinkWriter = await progressSink.open(resolveConfig<ProgressConfig>(progressSink, options.config ?? {}), context);
  return (rows: Row[]) => db.transaction((sql) => writer.write(rows, { ...context, db: sql }));
}

async function writeBatch(workspaceId: string, rows: Row[], options: { dryRun?: boolean; config?: Partial<ProgressConfig> } = {}) {
  return (await openRun(workspaceId, options))(rows);
}

const statuses = (outcomes: { status: string }[]) => outcomes.map((o) => o.status);

/** Completion dates by node title. */
async function completed(workspaceId: string, email: string): Promise<Record<string, string>> {
  const list = await new CompletionStore(db.sql).listCompletions(workspaceId, { emailKey: email.toLowerCase() });
  return Object.fromEntries(list.map((c) => [c.title, c.completed_on]));
}

/** A workspace with one course, its contact Ada (with access) and Bob (without). */
async function setUp() {
  const ws = await newWorkspace(db);
  const course = await addCourse(db, ws.id);
  const ada = await addContact(db, ws.id, 'ada@example.com');
  await grantProducts(db, ws.id, ada, [course.productId]);
  const bob = await addContact(db, ws.id, 'bob@example.com');
  return { ws, course, ada, bob };
}

describe('progress sink', () => {
  it('completes activities with the file\'s dates, and finds a re-import unchanged', async () => {
    const { ws, course } = await setUp();
    const rows = () => [
      row({ email: 'Ada@Example.com', content: course.activities[0].uuid, completed_on: '2026-03-01' }),
      row({ email: 'ada@example.com', content: course.activities[1].uuid.toUpperCase(), completed_on: '02.03.2026', progress: '100%' }),
    ];
    expect(statuses(await writeBatch(ws.id, rows()))).toEqual(['created', 'created']);
    expect(await completed(ws.id, 'ada@example.com')).toEqual({ 'Activity 1.1': '2026-03-01', 'Activity 1.2': '2026-03-02' });
    const again = await writeBatch(ws.id, rows());
    expect(again).toEqual([{ status: 'unchanged' }, { status: 'unchanged' }]);
  });

  it('completes a programme\'s journeys and their activities, and a journey\'s activities, with the row\'s date', async () => {
    const { ws, course } = await setUp();
    await writeBatch(ws.id, [row({ email: 'ada@example.com', content: course.journeys[1].uuid, completed_on: '05/02/2026' })]);
    expect(await completed(ws.id, 'ada@example.com')).toEqual({ 'Journey 2': '2026-02-05', 'Activity 2.1': '2026-02-05', 'Activity 2.2': '2026-02-05' });

    const outcomes = await writeBatch(ws.id, [row({ email: 'ada@example.com', content: course.programme.uuid, completed_on: '2026-03-10' })]);
    expect(statuses(outcomes)).toEqual(['created']);
    expect(await completed(ws.id, 'ada@example.com')).toEqual({
      'Piano programme': '2026-03-10',
      'Journey 1': '2026-03-10',
      'Activity 1.1': '2026-03-10',
      'Activity 1.2': '2026-03-10',
      // completed earlier: the earlier date stays
      'Journey 2': '2026-02-05',
      'Activity 2.1': '2026-02-05',
      'Activity 2.2': '2026-02-05',
    });
  });

  it('keeps the earliest date: a later date is unchanged, an earlier one replaces it', async () => {
    const { ws, course } = await setUp();
    const activity = course.activities[0].uuid;
    await writeBatch(ws.id, [row({ email: 'ada@example.com', content: activity, completed_on: '2026-03-10' })]);
    expect(statuses(await writeBatch(ws.id, [row({ email: 'ada@example.com', content: activity, completed_on: '2026-04-01' })]))).toEqual(['unchanged']);
    expect(statuses(await writeBatch(ws.id, [row({ email: 'ada@example.com', content: activity, completed_on: '2026-03-10' })]))).toEqual(['unchanged']);
    expect(statuses(await writeBatch(ws.id, [row({ email: 'ada@example.com', content: activity, completed_on: '2026-01-15' })]))).toEqual(['updated']);
    expect(await completed(ws.id, 'ada@example.com')).toEqual({ 'Activity 1.1': '2026-01-15' });
  });

  it('combines rows for one contact and node in one batch, earliest first, as if imported one by one', async () => {
    const { ws, course } = await setUp();
    const journey = course.journeys[0].uuid;
    const outcomes = await writeBatch(ws.id, [
      row({ email: 'ada@example.com', content: journey, completed_on: '2026-03-05' }),
      row({ email: 'ADA@example.com', content: journey, completed_on: '2026-03-01' }),
      row({ email: 'ada@example.com', content: course.activities[0].uuid, completed_on: '2026-03-03' }),
      row({ email: 'ada@example.com', content: journey, completed_on: '2026-03-09' }),
    ]);
    expect(statuses(outcomes)).toEqual(['created', 'updated', 'unchanged', 'unchanged']);
    expect(await completed(ws.id, 'ada@example.com')).toEqual({ 'Journey 1': '2026-03-01', 'Activity 1.1': '2026-03-01', 'Activity 1.2': '2026-03-01' });
  });

  it('rejects unknown emails, unknown or malformed uuids and partial progress, naming the column and value', async () => {
    const { ws, course } = await setUp();
    const headers = { email: 'E-Mail', content: 'Lesson', progress: 'Fortschritt', completed_on: 'Datum' };
    const unknownUuid = randomUUID();
    const outcomes = await writeBatch(ws.id, [
      row({ email: 'nobody@example.com', content: course.activities[0].uuid }, headers),
      row({ email: 'ada@example.com', content: unknownUuid }, headers),
      row({ email: 'ada@example.com', content: 'lesson-42' }, headers),
      row({ email: 'ada@example.com', content: course.activities[0].uuid, progress: '40%' }, headers),
      row({ email: 'ada@example.com', content: course.activities[1].uuid, progress: 'Completed' }, headers),
      row({ email: 'ada@example.com', content: course.activities[2].uuid, progress: 'done' }, headers),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'failed', issue: { code: 'unknown_contact', column: 'E-Mail', value: 'nobody@example.com' } });
    expect(outcomes[1]).toMatchObject({ status: 'failed', issue: { code: 'unknown_content', column: 'Lesson', value: unknownUuid } });
    expect(outcomes[2]).toMatchObject({ status: 'failed', issue: { code: 'unknown_content', column: 'Lesson', value: 'lesson-42' } });
    expect(outcomes[3]).toMatchObject({ status: 'failed', issue: { code: 'partial_progress', column: 'Fortschritt', value: '40%' } });
    expect(outcomes[3].issue?.message).toContain('Only completions are imported');
    expect(statuses(outcomes.slice(4))).toEqual(['created', 'created']);
    expect(Object.keys(await completed(ws.id, 'ada@example.com')).sort()).toEqual(['Activity 1.2', 'Activity 2.1']);
    expect(await completed(ws.id, 'nobody@example.com')).toEqual({});
  });

  it('restricts a file to one level when asked, naming the level a row has', async () => {
    const { ws, course } = await setUp();
    const outcomes = await writeBatch(
      ws.id,
      [row({ email: 'ada@example.com', content: course.journeys[0].uuid }), row({ email: 'ada@example.com', content: course.activities[3].uuid })],
      { config: { level: 'activity' } },
    );
    expect(outcomes[0]).toMatchObject({ status: 'failed', issue: { code: 'wrong_level', column: 'content', value: course.journeys[0].uuid } });
    expect(outcomes[0].issue?.message).toContain('is a journey');
    expect(outcomes[1].status).toBe('created');
    expect(Object.keys(await completed(ws.id, 'ada@example.com'))).toEqual(['Activity 2.2']);
  });

  it('completes for a student without access, warns that it is hidden, and shows it once access is granted', async () => {
    const { ws, course, bob } = await setUp();
    const [outcome] = await writeBatch(ws.id, [row({ email: 'bob@example.com', content: course.activities[0].uuid, completed_on: '2026-03-01' })]);
    expect(outcome).toMatchObject({ status: 'created', issue: { code: 'no_access', column: 'content', value: course.activities[0].uuid } });
    expect(outcome.issue?.message).toBe('"Activity 1.1" is completed but hidden until bob@example.com has access to Piano; it shows once access is granted.');

    const store = new CompletionStore(db.sql);
    expect(await store.listCompletions(ws.id, { contactId: bob })).toEqual([
      { uuid: course.activities[0].uuid, title: 'Activity 1.1', level: 'activity', product: 'Piano', completed_on: '2026-03-01', visible: false },
    ]);
    await grantProducts(db, ws.id, bob, [course.productId]);
    expect((await store.listCompletions(ws.id, { contactId: bob }))[0].visible).toBe(true);
    expect(await writeBatch(ws.id, [row({ email: 'bob@example.com', content: course.activities[0].uuid, completed_on: '2026-03-01' })])).toEqual([
      { status: 'unchanged' },
    ]);
  });

  it('understands Excel serial dates and day-first dates, takes the run\'s date for an empty cell, and refuses ambiguous dates in auto mode', async () => {
    const { ws, course } = await setUp();
    const today = new Date().toISOString().slice(0, 10);
    const [a1, a2, a3, a4] = course.activities.map((a) => a.uuid);
    const outcomes = await writeBatch(
      ws.id,
      [
        row({ email: 'ada@example.com', content: a1, completed_on: '46082' }),
        row({ email: 'ada@example.com', content: a2, completed_on: '31/03/2026' }),
        row({ email: 'ada@example.com', content: a3 }),
        row({ email: 'ada@example.com', content: a4, completed_on: '03/04/2026' }, { completed_on: 'Date' }),
        row({ email: 'ada@example.com', content: a4, completed_on: '03/04/26' }),
      ],
      { config: { dateOrder: 'auto' } },
    );
    expect(statuses(outcomes)).toEqual(['created', 'created', 'created', 'failed', 'failed']);
    expect(outcomes[3].issue).toMatchObject({ code: 'ambiguous_date', column: 'Date', value: '03/04/2026' });
    expect(outcomes[4].issue).toMatchObject({ code: 'ambiguous_date', column: 'completed_on', value: '03/04/26' });
    expect(await completed(ws.id, 'ada@example.com')).toEqual({ 'Activity 1.1': '2026-03-01', 'Activity 1.2': '2026-03-31', 'Activity 2.1': today });
  });

  it('in day-first mode refuses an impossible day-first date and suggests month-first', async () => {
    const { ws, course } = await setUp();
    const [outcome] = await writeBatch(ws.id, [row({ email: 'ada@example.com', content: course.activities[0].uuid, completed_on: '12/31/2026' })]);
    expect(outcome).toMatchObject({ status: 'failed', issue: { code: 'invalid_date', column: 'completed_on', value: '12/31/2026' } });
    expect(outcome.issue?.message).toContain('month-first');
    const [fixed] = await writeBatch(ws.id, [row({ email: 'ada@example.com', content: course.activities[0].uuid, completed_on: '12/31/2026' })], {
      config: { dateOrder: 'month-first' },
    });
    expect(fixed.status).toBe('created');
  });

  it('writes nothing in a dry-run but classifies rows as a real run would, later batches seeing earlier ones', async () => {
    const { ws, course } = await setUp();
    await writeBatch(ws.id, [row({ email: 'ada@example.com', content: course.activities[0].uuid, completed_on: '2026-03-10' })]);
    const batches = () => [
      [
        row({ email: 'ada@example.com', content: course.activities[0].uuid, completed_on: '2026-03-10' }),
        row({ email: 'ada@example.com', content: course.activities[0].uuid, completed_on: '2026-03-01' }),
        row({ email: 'ada@example.com', content: course.journeys[1].uuid, completed_on: '2026-03-05' }),
        row({ email: 'nobody@example.com', content: course.journeys[1].uuid }),
      ],
      [row({ email: 'ada@example.com', content: course.activities[2].uuid, completed_on: '2026-03-07' })],
    ];
    const dry = await openRun(ws.id, { dryRun: true });
    const dryOutcomes = [await dry(batches()[0]), await dry(batches()[1])];
    expect(await completed(ws.id, 'ada@example.com')).toEqual({ 'Activity 1.1': '2026-03-10' });

    const real = await openRun(ws.id);
    const realOutcomes = [await real(batches()[0]), await real(batches()[1])];
    expect(dryOutcomes).toEqual(realOutcomes);
    expect(realOutcomes.map(statuses)).toEqual([['unchanged', 'updated', 'created', 'failed'], ['unchanged']]);
  });

  it('keeps workspaces apart: another workspace\'s content and contacts are unknown', async () => {
    const { course } = await setUp();
    const other = await newWorkspace(db);
    await addContact(db, other.id, 'ada@example.com');
    const [outcome] = await writeBatch(other.id, [row({ email: 'ada@example.com', content: course.activities[0].uuid })]);
    expect(outcome).toMatchObject({ status: 'failed', issue: { code: 'unknown_content' } });
  });

  it('lists its fields: email and content required, completion date and progress optional', async () => {
    const ws = await newWorkspace(db);
    const fields = await progressSink.fields(resolveConfig(progressSink, {}), { workspaceId: ws.id, runId: randomUUID(), dryRun: true, db: db.sql });
    expect(fields.map((f) => [f.key, f.type, Boolean(f.required)])).toEqual([
      ['email', 'email', true],
      ['content', 'text', true],
      ['completed_on', 'date', false],
      ['progress', 'text', false],
    ]);
  });
});
