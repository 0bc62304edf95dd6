import { CustomFieldStore, RunStore, type Database } from '@ferry/domain';
import { RunPipeline, type PipelineDocument } from '@ferry/engine';
import { bufferInput, createRow, createValues, PluginRegistry, type Plugin, type Row, type SinkContext } from '@ferry/sdk';
import { randomUUID } from 'node:crypto';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { csvSource } from '../../source-csv';
import { mapColumnsStep } from '../../step-map-columns';
import { normalizeEmailStep } from '../../step-normalize-email';
import { peopleSink } from '..';
import { PeopleConfig } from '../people.config';

let db: Database;
let engine: RunPipeline;
beforeAll(async () => {
  db = await openTestDatabase();
  engine = new RunPipeline(db, new PluginRegistry([csvSource, mapColumnsStep, normalizeEmailStep, peopleSink] as Plugin[]));
});
afterAll(() => db.close());

let rowNumber = 1;
function row(values: Record<string, unknown>, columns?: Record<string, string>): Row {
  const r = createRow(createValues(Object.entries(values)), { file: 'people.csv', row: ++rowNumber });
  if (columns) r.columns = columns;
  return r;
}

/** Runs batches through one writer as the engine does (a transaction each, then finish). */
async function run(workspaceId: string, batches: Row[][], options: { dryRun?: boolean; config?: Partial<PeopleConfig> } = {}) {
  const context: SinkContext = { workspaceId, runId: randomUUID(), dryRun: options.dryRun ?? false, db: db.sql };
  const writer = await peopleSink.open(Object.assign(new PeopleConfig(), options.config), context);
  const outcomes = [];
  for (const batch of batches) outcomes.push(...(await db.transaction((sql) => writer.write(batch, { ...context, db: sql }))));
  const late = (await db.transaction((sql) => writer.finish!({ ...context, db: sql }))) ?? [];
  return { outcomes, statuses: outcomes.map((o) => o.status), late, runId: context.runId };
}

async function people(workspaceId: string) {
  return db.sql.query<{ email: string | null; username: string | null; roles: string[] }>(
    `select email, username, roles from contact where workspace_id = ? order by coalesce(email_key, username_key)`,
    [workspaceId],
  );
}

async function links(workspaceId: string): Promise<string[]> {
  const rows = await db.sql.query<{ link: string }>(
    `select coalesce(s.email, s.username) || ' ' || l.kind || ' ' || coalesce(o.email, o.username) as link
       from contact_link l join contact s on s.id = l.student_id join contact o on o.id = l.other_id
      where l.workspace_id = ? order by 1`,
    [workspaceId],
  );
  return rows.map((r) => r.link);
}

const pendingCount = async (runId: string) =>
  Number((await db.sql.query<{ n: string }>(`select count(*) as n from pending_link where run_id = ?`, [runId]))[0].n);

const FAMILY_FILE = [
  'Email,First name,Username,Role,Parent email,Instructor email',
  'ada@example.com,Ada,,student,lady.byron@example.com,mary@example.com',
  ',Kit,kit01,student,lady.byron@example.com,',
  'alan@example.com,Alan,,student,ghost@example.com,mary@example.com',
  'LADY.BYRON@example.com,Anne,,parent,,',
  'mary@example.com,Mary,,instructor,,',
].join('\n');

const familyPipeline = (dryRun = false): PipelineDocument => ({
  name: 'Family import',
  source: { use: 'csv' },
  steps: [{ use: 'map-columns' }, { use: 'normalize-email', config: { required: false } }],
  sink: { use: 'people' },
  options: { batchSize: 2, dryRun },
});

describe('people sink, a whole file', () => {
  it('links students to parents and instructors who come later in the file, and reports a parent found nowhere', async () => {
    const ws = await newWorkspace(db);
    const result = await engine.execute({ workspaceId: ws.id, pipeline: familyPipeline(), input: bufferInput(FAMILY_FILE, 'family.csv') });
    expect(result.status).toBe('completed_with_errors');
    expect(result.counts).toMatchObject({ read: 5, created: 5, failed: 0 });
    const issues = await new RunStore(db.sql).issues(ws.id, result.runId);
    expect(issues.map((i) => [i.row, i.column, i.value, i.code, i.severity])).toEqual([[4, 'Parent email', 'ghost@example.com', 'unknown_parent', 'error']]);
    expect(issues[0].message).toContain('ghost@example.com');

    expect(await links(ws.id)).toEqual([
      'ada@example.com instructor mary@example.com',
      'ada@example.com parent LADY.BYRON@example.com',
      'alan@example.com instructor mary@example.com',
      'kit01 parent LADY.BYRON@example.com',
    ]);
    expect(await people(ws.id)).toEqual([
      { email: 'ada@example.com', username: null, roles: ['student'] },
      { email: 'alan@example.com', username: null, roles: ['student'] },
      { email: null, username: 'kit01', roles: ['student'] },
      { email: 'LADY.BYRON@example.com', username: null, roles: ['parent'] },
      { email: 'mary@example.com', username: null, roles: ['instructor'] },
    ]);
    expect(await pendingCount(result.runId)).toBe(0);
  });

  it('finds everything unchanged the second time, with no duplicate links', async () => {
    const ws = await newWorkspace(db);
    await engine.execute({ workspaceId: ws.id, pipeline: familyPipeline(), input: bufferInput(FAMILY_FILE, 'family.csv') });
    const again = await engine.execute({ workspaceId: ws.id, pipeline: familyPipeline(), input: bufferInput(FAMILY_FILE, 'family.csv') });
    expect(again.counts).toMatchObject({ read: 5, created: 0, updated: 0, unchanged: 5 });
    expect(await links(ws.id)).toHaveLength(4);
    expect(await people(ws.id)).toHaveLength(5);
  });

  it('in a dry-run classifies the file as the real run does, reports the same problems and writes nothing', async () => {
    const dry = await newWorkspace(db);
    const result = await engine.execute({ workspaceId: dry.id, pipeline: familyPipeline(true), input: bufferInput(FAMILY_FILE, 'family.csv') });
    expect(result).toMatchObject({ status: 'completed_with_errors', dryRun: true });
    expect(result.counts).toMatchObject({ read: 5, created: 5, failed: 0 });
    const issues = await new RunStore(db.sql).issues(dry.id, result.runId);
    expect(issues.map((i) => [i.row, i.code])).toEqual([[4, 'unknown_parent']]);
    expect(await people(dry.id)).toEqual([]);
    expect(await links(dry.id)).toEqual([]);
    expect(await pendingCount(result.runId)).toBe(0);
  });
});

describe('people sink, row by row', () => {
  it('accepts a student with a username and no email only when a parent is linked in the same row', async () => {
    const ws = await newWorkspace(db);
    await run(ws.id, [[row({ email: 'mum@example.com', role: 'parent' })]]);
    const email = { email: 'E-Mail' };
    const { outcomes } = await run(ws.id, [[
      row({ username: 'tom01', role: 'student', parent_email: 'mum@example.com' }),
      row({ username: 'tim01', role: 'student' }, email),
      row({ username: 'mo01', role: 'instructor', email: '' }, email),
      row({ role: 'student', parent_email: 'mum@example.com' }, email),
    ]]);
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'failed', 'failed', 'failed']);
    expect(outcomes[1].issue).toMatchObject({ column: 'E-Mail', value: '', code: 'missing_email', message: expect.stringContaining('"tim01"') });
    expect(outcomes[2].issue).toMatchObject({ column: 'E-Mail', code: 'missing_email' });
    expect(outcomes[3].issue).toMatchObject({ column: 'E-Mail', code: 'missing_email' });
    expect(await links(ws.id)).toEqual(['tom01 parent mum@example.com']);
  });

  it('matches usernames case-insensitively, stores a username given with an email, and gives a username-only student their email later', async () => {
    const ws = await newWorkspace(db);
    await run(ws.id, [[row({ email: 'dad@example.com', role: 'parent' }), row({ username: 'Zoe01', role: 'student', parent_username: 'DAD' })]]);
    // The parent gets a username; "DAD" now resolves to them.
    const first = await run(ws.id, [[row({ email: 'Dad@Example.com', username: 'dad', role: 'parent' })]]);
    expect(first.statuses).toEqual(['updated']);
    const second = await run(ws.id, [[
      row({ username: 'ZOE01', first_name: 'Zoe', role: 'student', parent_email: 'dad@example.com' }),
      row({ username: 'zoe01', email: 'zoe@example.com', role: 'student' }),
      row({ username: 'zoe01', role: 'student', parent_username: 'Dad' }),
    ]]);
    expect(second.statuses).toEqual(['updated', 'updated', 'updated']);
    expect(await people(ws.id)).toEqual([
      { email: 'dad@example.com', username: 'dad', roles: ['parent'] },
      { email: 'zoe@example.com', username: 'Zoe01', roles: ['student'] },
    ]);
    expect(await links(ws.id)).toEqual(['zoe@example.com parent dad@example.com']);
  });

  it('refuses a username another person has', async () => {
    const ws = await newWorkspace(db);
    await run(ws.id, [[row({ email: 'a@example.com', username: 'sam', role: 'staff' })]]);
    const { outcomes } = await run(ws.id, [[
      row({ email: 'b@example.com', username: 'SAM', role: 'staff' }, { username: 'Login' }),
      row({ email: 'c@example.com', username: 'max', role: 'staff' }),
      row({ email: 'd@example.com', username: 'Max', role: 'staff' }),
    ]]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'created', 'failed']);
    expect(outcomes[0].issue).toMatchObject({ column: 'Login', value: 'SAM', code: 'username_taken', message: expect.stringContaining('a@example.com') });
    expect(outcomes[2].issue).toMatchObject({ code: 'username_taken' });
  });

  it('takes the role from the row, else from the import, and names the allowed ones when it is unknown', async () => {
    const ws = await newWorkspace(db);
    const { outcomes } = await run(ws.id, [[
      row({ email: 'a@example.com', role: ' Instructor ' }),
      row({ email: 'b@example.com' }),
      row({ email: 'c@example.com', role: 'teacher' }, { role: 'Rolle' }),
    ]], { config: { role: 'client' } });
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'created', 'failed']);
    expect(outcomes[2].issue).toMatchObject({ column: 'Rolle', value: 'teacher', code: 'unknown_role', message: expect.stringContaining('student, instructor, parent, client, staff') });
    const without = await run(ws.id, [[row({ email: 'd@example.com' })]]);
    expect(without.outcomes[0]).toMatchObject({ status: 'failed', issue: { code: 'missing_role', column: 'role' } });
    expect((await people(ws.id)).map((p) => p.roles)).toEqual([['instructor'], ['client']]);
  });

  it('adds a role to a person who has another', async () => {
    const ws = await newWorkspace(db);
    await run(ws.id, [[row({ email: 'pat@example.com', role: 'staff' })]]);
    const again = await run(ws.id, [[row({ email: 'pat@example.com', role: 'instructor' })], [row({ email: 'pat@example.com', role: 'staff' })]]);
    expect(again.statuses).toEqual(['updated', 'unchanged']);
    expect((await people(ws.id))[0].roles).toEqual(['instructor', 'staff']);
  });

  it('rejects a link that is not an email, a link on a row that is not a student and a link to oneself, naming the column', async () => {
    const ws = await newWorkspace(db);
    const { outcomes } = await run(ws.id, [[
      row({ email: 'a@example.com', role: 'student', parent_email: 'mum at example.com' }, { parent_email: 'Parent email' }),
      row({ email: 'b@example.com', role: 'staff', instructor_email: 'x@example.com' }, { instructor_email: 'Instructor email' }),
      row({ email: 'c@example.com', role: 'student', parent_email: 'C@example.com' }),
    ]]);
    expect(outcomes.map((o) => [o.status, o.issue?.code, o.issue?.column, o.issue?.value])).toEqual([
      ['failed', 'invalid_email', 'Parent email', 'mum at example.com'],
      ['failed', 'not_a_student', 'Instructor email', 'x@example.com'],
      ['failed', 'self_link', 'parent_email', 'C@example.com'],
    ]);
    expect(await people(ws.id)).toEqual([]);
  });

  it('links two parents named in one cell, and counts a new link to an existing student as an update', async () => {
    const ws = await newWorkspace(db);
    await run(ws.id, [[row({ email: 'kid@example.com', role: 'student' })]]);
    const { statuses, late } = await run(ws.id, [[
      row({ email: 'kid@example.com', role: 'student', parent_email: 'mum@example.com; dad@example.com, mum@example.com' }),
      row({ email: 'mum@example.com', role: 'parent' }),
      row({ email: 'dad@example.com', role: 'parent' }),
    ]]);
    expect(statuses).toEqual(['updated', 'created', 'created']);
    expect(late).toEqual([]);
    expect(await links(ws.id)).toEqual(['kid@example.com parent dad@example.com', 'kid@example.com parent mum@example.com']);
  });

  it('gives a linked person the role of the link and reports an unknown instructor with its row', async () => {
    const ws = await newWorkspace(db);
    await run(ws.id, [[row({ email: 'sue@example.com', role: 'staff' })]]);
    const kid = row({ email: 'kid@example.com', role: 'student', instructor_email: 'sue@example.com;nobody@example.com' }, { instructor_email: 'Teacher' });
    const { late } = await run(ws.id, [[kid]]);
    expect(late).toEqual([expect.objectContaining({ at: kid.at, severity: 'error', column: 'Teacher', value: 'nobody@example.com', code: 'unknown_instructor' })]);
    expect((await people(ws.id)).find((p) => p.email === 'sue@example.com')?.roles).toEqual(['instructor', 'staff']);
  });

  it('in a dry-run sees people earlier batches would create and links to people later batches would create', async () => {
    const ws = await newWorkspace(db);
    const batches = [
      [row({ username: 'lu01', role: 'student', parent_email: 'nan@example.com' }), row({ email: 'old@example.com', role: 'student', parent_email: 'nan@example.com' })],
      [row({ username: 'LU01', first_name: 'Lu', role: 'student', parent_email: 'nan@example.com' }), row({ email: 'nan@example.com', role: 'parent' })],
      [row({ username: 'lu01', role: 'student', parent_email: 'nan@example.com' }), row({ email: 'nobody@example.com', role: 'student', parent_email: 'ghost@example.com' })],
    ];
    await run(ws.id, [[row({ email: 'old@example.com', role: 'student' })]]);
    const dry = await run(ws.id, batches, { dryRun: true });
    expect(await people(ws.id)).toHaveLength(1);
    expect(await links(ws.id)).toEqual([]);
    expect(await pendingCount(dry.runId)).toBe(0);
    const real = await run(ws.id, batches);
    expect(dry.statuses).toEqual(real.statuses);
    expect(dry.statuses).toEqual(['created', 'unchanged', 'updated', 'created', 'updated', 'created']);
    expect(dry.late.map((l) => [l.at.row, l.code, l.value])).toEqual(real.late.map((l) => [l.at.row, l.code, l.value]));
    expect(real.late.map((l) => l.code)).toEqual(['unknown_parent']);
  });

  it('makes the links of batches written before a crash when the run goes on with a new writer', async () => {
    const ws = await newWorkspace(db);
    const context: SinkContext = { workspaceId: ws.id, runId: randomUUID(), dryRun: false, db: db.sql };
    const before = await peopleSink.open(new PeopleConfig(), context);
    await db.transaction((sql) => before.write([row({ email: 'kid@example.com', role: 'student', parent_email: 'mum@example.com' })], { ...context, db: sql }));
    // The process stops here; the resumed run opens the sink again and writes the rest.
    const after = await peopleSink.open(new PeopleConfig(), context);
    await db.transaction((sql) => after.write([row({ email: 'mum@example.com', role: 'parent' })], { ...context, db: sql }));
    expect(await db.transaction((sql) => after.finish!({ ...context, db: sql }))).toEqual([]);
    expect(await links(ws.id)).toEqual(['kid@example.com parent mum@example.com']);
  });

  it('makes no links for a person skipped because only new people are wanted', async () => {
    const ws = await newWorkspace(db);
    await run(ws.id, [[row({ email: 'kid@example.com', role: 'student' }), row({ email: 'mum@example.com', role: 'parent' })]]);
    const { statuses } = await run(ws.id, [[row({ email: 'kid@example.com', role: 'student', parent_email: 'mum@example.com' })]], { config: { updateExisting: false } });
    expect(statuses).toEqual(['skipped']);
    expect(await links(ws.id)).toEqual([]);
  });

  it('lists the contact fields with email optional, the people fields and the custom fields', async () => {
    const ws = await newWorkspace(db);
    await new CustomFieldStore(db.sql).add(ws.id, { key: 'school', type: 'text' });
    const fields = await peopleSink.fields(new PeopleConfig(), { workspaceId: ws.id, runId: randomUUID(), dryRun: true, db: db.sql });
    expect(fields.map((f) => f.key)).toEqual([
      'email', 'first_name', 'last_name', 'phone', 'tags', 'language', 'username', 'role', 'parent_email', 'parent_username', 'instructor_email', 'school',
    ]);
    expect(fields.find((f) => f.key === 'email')?.required).toBe(false);
  });
});
