import { CatalogStore, CustomFieldStore, RunStore, type Database } from '@ferry/domain';
import { RunPipeline, type PipelineDocument } from '@ferry/engine';
import { PluginRegistry, type Plugin, type Row, type StepPlugin } from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { grantsOf } from '../../sink-course-enrollment/test/catalog-fixture';
import { courseEnrollmentSink } from '../../sink-course-enrollment';
import { peopleSink } from '../../sink-people';
import { normalizeEmailStep } from '../../step-normalize-email';
import { tagsStep } from '../../step-tags';
import { moodleUsersSource } from '..';
import { csvInput, uploadFile } from './moodle-fixtures';

class NoConfig {}
let crashOnCall = 0;
/** Fails the run on one batch while `crashOnCall` is set, like a database gone for a moment. */
const flaky: StepPlugin<NoConfig> = {
  manifest: { kind: 'step', name: 'flaky', title: 'Flaky', description: 'Test step.' },
  config: NoConfig,
  create: () => {
    let calls = 0;
    return { transform: (rows: Row[]) => { if (crashOnCall && ++calls === crashOnCall) throw new Error('connection lost'); return rows; } };
  },
};

let db: Database;
let engine: RunPipeline;
beforeAll(async () => {
  db = await openTestDatabase();
  engine = new RunPipeline(db, new PluginRegistry([moodleUsersSource, normalizeEmailStep, tagsStep, flaky, peopleSink, courseEnrollmentSink] as Plugin[]));
});
afterAll(() => db.close());

/** The pipeline documents the README gives. */
const peoplePipeline = (source: Record<string, unknown> = {}): PipelineDocument => ({
  name: 'Moodle people',
  source: { use: 'moodle-users', config: source },
  steps: [{ use: 'normalize-email', config: { required: false } }, { use: 'tags' }],
  sink: { use: 'people' },
  options: { batchSize: 2 },
});
const enrollmentPipeline = (source: Record<string, unknown> = {}, role = 'student', batchSize = 2): PipelineDocument => ({
  name: 'Moodle enrollments',
  source: { use: 'moodle-users', config: { emit: 'enrollments', ...source } },
  steps: [{ use: 'flaky' }, { use: 'normalize-email' }],
  sink: { use: 'course-enrollment', config: { role } },
  options: { batchSize },
});

async function people(workspaceId: string) {
  const rows = await db.sql.query<{ email: string; username: string | null; roles: string[]; fields: Record<string, unknown>; tags: string[] }>(
    `select c.email, c.username, c.roles, c.fields,
            coalesce(array(select t.name from tag t where t.id = any (c.tag_ids) order by t.name_key), '{}') as tags
       from contact c where c.workspace_id = ? order by c.email_key`,
    [workspaceId],
  );
  return rows.map((r) => [r.email, r.username, r.roles.join(' '), r.tags.join(' '), r.fields.house ?? null]);
}

const issuesOf = async (workspaceId: string, runId: string) =>
  (await new RunStore(db.sql).issues(workspaceId, runId)).map((i) => [i.row, i.severity, i.code, i.column, i.value]);

describe('moodle-users through the engine', () => {
  it('imports people with their role, cohorts as tags and a profile field as a custom field; reports the deleted and the unknown', async () => {
    const ws = await newWorkspace(db);
    await new CustomFieldStore(db.sql).add(ws.id, { key: 'house', type: 'text' });
    const result = await engine.execute({ workspaceId: ws.id, pipeline: peoplePipeline({ role: 'staff' }), input: csvInput(uploadFile()) });
    expect(result).toMatchObject({ status: 'completed_with_errors', counts: { read: 5, created: 4, failed: 1 } });
    expect(await people(ws.id)).toEqual([
      ['jane@example.com', 'smithj', 'staff', '', null],
      ['jonest@example.com', 'jonest', 'student', 'chess year3', 'Adderton'],
      ['kim@example.com', 'kim', 'student', '', null],
      ['reznort@example.com', 'reznort', 'instructor', 'staff', 'Coolock'],
    ]);
    expect(await issuesOf(ws.id, result.runId)).toEqual([
      [1, 'warning', 'unusable_profile_field', 'profile_field_email', 'profile_field_email'],
      [5, 'warning', 'deleted_user', 'deleted', '1'],
      [6, 'error', 'unknown_role', 'role1', 'wizard'],
    ]);
  });

  it('grants one course per courseN column, students and instructors in their own runs', async () => {
    const ws = await newWorkspace(db);
    const catalog = new CatalogStore(db.sql);
    for (const course of ['math102', 'art101', 'hist200']) await catalog.addProduct(ws.id, course);
    const students = await engine.execute({ workspaceId: ws.id, pipeline: enrollmentPipeline(), input: csvInput(uploadFile()) });
    expect(students).toMatchObject({ status: 'completed_with_errors', counts: { read: 5, created: 4, failed: 1 } });
    expect(await issuesOf(ws.id, students.runId)).toEqual([
      [5, 'warning', 'deleted_user', 'deleted', '1'],
      [6, 'error', 'unknown_role', 'role1', 'wizard'],
      [6, 'warning', 'suspended_enrolment', 'enrolstatus2', '1'],
    ]);
    const teachers = await engine.execute({ workspaceId: ws.id, pipeline: enrollmentPipeline({ enrollmentRole: 'instructor' }, 'instructor'), input: csvInput(uploadFile()) });
    expect(teachers.counts).toMatchObject({ created: 2 });
    expect(await grantsOf(db, ws.id)).toEqual([
      'jonest@example.com → art101',
      'jonest@example.com → hist200',
      'jonest@example.com → math102',
      'kim@example.com → art101',
      'kim@example.com → math102',
      'reznort@example.com → math102',
    ]);
    const again = await engine.execute({ workspaceId: ws.id, pipeline: enrollmentPipeline(), input: csvInput(uploadFile()) });
    expect(again.counts).toMatchObject({ created: 0, unchanged: 4 });
  });

  it('reports a course the catalog does not have on the user\'s row, naming the course column', async () => {
    const ws = await newWorkspace(db);
    await new CatalogStore(db.sql).addProduct(ws.id, 'math102');
    const result = await engine.execute({ workspaceId: ws.id, pipeline: enrollmentPipeline(), input: csvInput(uploadFile()) });
    const unknown = (await issuesOf(ws.id, result.runId)).filter(([, , code]) => code === 'unknown_product');
    expect(unknown).toEqual([[2, 'error', 'unknown_product', 'course2', 'art101'], [7, 'error', 'unknown_product', 'course2', 'art101']]);
  });

  it('fails a file without an email column before writing anything', async () => {
    const ws = await newWorkspace(db);
    const result = await engine.execute({ workspaceId: ws.id, pipeline: peoplePipeline({ role: 'staff' }), input: csvInput('username,firstname\njonest,Tom\n') });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'missing_column', message: expect.stringContaining('"email"') }, counts: { read: 0 } });
    expect(await people(ws.id)).toEqual([]);
  });

  // Several rows share one origin row; the engine never cuts a batch inside one line, so a line's courses commit together.
  it('resumes a run that stopped after a user\'s courses in the state of a run that never stopped', async () => {
    const lines = [1, 2, 3].map((n) => ({ username: `u${n}`, email: `u${n}@example.com`, course1: 'c1', course2: 'c2', course3: n === 2 ? '' : 'c3' }));
    const text = uploadFile(lines, ['username', 'email', 'course1', 'course2', 'course3']);
    // Batches of 2 rows, never splitting a line: u1 c1, u1 c2, u1 c3 | u2 c1, u2 c2 | u3 c1, u3 c2, u3 c3 — the crash comes at the third.
    const snapshot = async (workspaceId: string, runId: string) => ({
      grants: await grantsOf(db, workspaceId),
      counts: (await new RunStore(db.sql).get(workspaceId, runId))!.counts,
    });
    const workspace = async () => {
      const ws = await newWorkspace(db);
      for (const course of ['c1', 'c2', 'c3']) await new CatalogStore(db.sql).addProduct(ws.id, course);
      return ws;
    };

    const clean = await workspace();
    crashOnCall = 0;
    const cleanRun = await engine.execute({ workspaceId: clean.id, pipeline: enrollmentPipeline(), input: csvInput(text) });
    expect(cleanRun.counts).toMatchObject({ read: 8, created: 8 });

    const crashed = await workspace();
    crashOnCall = 3;
    const first = await engine.execute({ workspaceId: crashed.id, pipeline: enrollmentPipeline(), input: csvInput(text) });
    expect(first).toMatchObject({ status: 'failed', counts: { read: 5 } });
    expect((await grantsOf(db, crashed.id)).filter((g) => g.startsWith('u2'))).toEqual(['u2@example.com → c1', 'u2@example.com → c2']);
    crashOnCall = 0;
    const resumed = await engine.resume({ workspaceId: crashed.id, runId: first.runId, input: csvInput(text) });
    expect(resumed).toMatchObject({ status: cleanRun.status, counts: cleanRun.counts });
    expect(await snapshot(crashed.id, first.runId)).toEqual(await snapshot(clean.id, cleanRun.runId));
  });
});
