import { CatalogStore, RunStore, type Database } from '@ferry/domain';
import { RunPipeline, type PipelineDocument } from '@ferry/engine';
import { PluginRegistry, type Plugin } from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { grantsOf } from '../../sink-course-enrollment/test/catalog-fixture';
import { courseEnrollmentSink } from '../../sink-course-enrollment';
import { peopleSink } from '../../sink-people';
import { normalizeEmailStep } from '../../step-normalize-email';
import { canvasSisSource } from '..';
import { csvInput, ENROLLMENTS_CSV, lookupFiles, USERS_CSV } from './canvas-fixtures';

let db: Database;
let engine: RunPipeline;
let files: ReturnType<typeof lookupFiles>;
beforeAll(async () => {
  db = await openTestDatabase();
  engine = new RunPipeline(db, new PluginRegistry([canvasSisSource, normalizeEmailStep, peopleSink, courseEnrollmentSink] as Plugin[]));
  files = lookupFiles();
});
afterAll(async () => {
  files.cleanup();
  await db.close();
});

/** The pipeline documents the README gives. */
const peoplePipeline = (source: Record<string, unknown>): PipelineDocument => ({
  name: 'Canvas people',
  source: { use: 'canvas-sis', config: source },
  steps: [{ use: 'normalize-email', config: { required: false } }],
  sink: { use: 'people' },
  options: { batchSize: 3 },
});

const accessPipeline = (source: Record<string, unknown>, role = 'student'): PipelineDocument => ({
  name: 'Canvas enrollments',
  source: { use: 'canvas-sis', config: { usersFile: files.paths['users.csv'], coursesFile: files.paths['courses.csv'], ...source } },
  steps: [{ use: 'normalize-email' }],
  sink: { use: 'course-enrollment', config: { role } },
  options: { batchSize: 3 },
});

async function people(workspaceId: string) {
  const rows = await db.sql.query<{ email: string; username: string | null; first_name: string | null; last_name: string | null; roles: string[] }>(
    `select email, username, first_name, last_name, roles from contact where workspace_id = ? order by email_key`,
    [workspaceId],
  );
  return rows.map((r) => [r.email, r.username, r.first_name, r.last_name, r.roles.join(' ')]);
}

async function links(workspaceId: string): Promise<string[]> {
  const rows = await db.sql.query<{ link: string }>(
    `select s.email || ' ' || l.kind || ' ' || o.email as link
       from contact_link l join contact s on s.id = l.student_id join contact o on o.id = l.other_id
      where l.workspace_id = ? order by 1`,
    [workspaceId],
  );
  return rows.map((r) => r.link);
}

const issuesOf = async (workspaceId: string, runId: string) =>
  (await new RunStore(db.sql).issues(workspaceId, runId)).map((i) => [i.row, i.severity, i.code, i.column, i.value]);

describe('canvas-sis through the engine', () => {
  it('imports users.csv into people: usernames, names, the role option, a deleted user reported and left out', async () => {
    const ws = await newWorkspace(db);
    const result = await engine.execute({ workspaceId: ws.id, pipeline: peoplePipeline({ role: 'student' }), input: csvInput(USERS_CSV, 'users.csv') });
    expect(result).toMatchObject({ status: 'completed', counts: { read: 4, created: 4, failed: 0, warnings: 1 } });
    expect(await people(ws.id)).toEqual([
      ['bob.smith@myschool.edu', 'bsmith01', 'Bob', 'Smith', 'student'],
      ['john.doe@myschool.edu', 'jdoe03', 'John', 'Doe', 'student'],
      ['mary.smith@myschool.edu', 'mary.smith@myschool.edu', 'Mary', 'Smith', 'student'],
      ['peggy.sue@myschool.edu', 'psue01', 'Peggy', 'Sue', 'student'],
    ]);
    expect(await issuesOf(ws.id, result.runId)).toEqual([[5, 'warning', 'deleted_user', 'status', 'deleted']]);

    const again = await engine.execute({ workspaceId: ws.id, pipeline: peoplePipeline({ role: 'student' }), input: csvInput(USERS_CSV, 'users.csv') });
    expect(again.counts).toMatchObject({ read: 4, created: 0, unchanged: 4 });
  });

  it('imports enrollments.csv into people: roles from the Canvas roles, the observer linked as parent of the student', async () => {
    const ws = await newWorkspace(db);
    const result = await engine.execute({
      workspaceId: ws.id, pipeline: peoplePipeline({ emit: 'people', usersFile: files.paths['users.csv'] }), input: csvInput(ENROLLMENTS_CSV, 'enrollments.csv'),
    });
    expect(result.status).toBe('completed_with_errors');
    expect(await people(ws.id)).toEqual([
      ['bob.smith@myschool.edu', 'bsmith01', 'Bob', 'Smith', 'student'],
      ['john.doe@myschool.edu', 'jdoe03', 'John', 'Doe', 'student'],
      ['mary.smith@myschool.edu', 'mary.smith@myschool.edu', 'Mary', 'Smith', 'parent'],
      ['peggy.sue@myschool.edu', 'psue01', 'Peggy', 'Sue', 'instructor'],
    ]);
    expect(await links(ws.id)).toEqual(['bob.smith@myschool.edu parent mary.smith@myschool.edu']);
    expect(await issuesOf(ws.id, result.runId)).toEqual([
      [6, 'warning', 'inactive_enrollment', 'status', 'deleted'],
      [8, 'error', 'unknown_user', 'user_id', 'ghost'],
      [9, 'warning', 'deleted_user', 'user_id', 'u900'],
    ]);
  });

  it('grants students and then instructors their courses, by the products named after courses.csv long_name', async () => {
    const ws = await newWorkspace(db);
    const catalog = new CatalogStore(db.sql);
    await catalog.addProduct(ws.id, 'English 115: Intro to English');
    await catalog.addProduct(ws.id, 'Biology 300: Rocking it, Bio Style');

    const students = await engine.execute({ workspaceId: ws.id, pipeline: accessPipeline({}), input: csvInput(ENROLLMENTS_CSV, 'enrollments.csv') });
    expect(students).toMatchObject({ status: 'completed_with_errors', counts: { read: 4, created: 3, failed: 1, warnings: 3 } });
    const teachers = await engine.execute({
      workspaceId: ws.id, pipeline: accessPipeline({ enrollmentRole: 'instructor' }, 'instructor'), input: csvInput(ENROLLMENTS_CSV, 'enrollments.csv'),
    });
    expect(teachers).toMatchObject({ status: 'completed', counts: { read: 1, created: 1 } });

    expect(await grantsOf(db, ws.id)).toEqual([
      'bob.smith@myschool.edu → Biology 300: Rocking it, Bio Style',
      'bob.smith@myschool.edu → English 115: Intro to English',
      'john.doe@myschool.edu → English 115: Intro to English',
      'peggy.sue@myschool.edu → English 115: Intro to English',
    ]);
    expect(await people(ws.id)).toEqual([
      ['bob.smith@myschool.edu', null, 'Bob', 'Smith', 'student'],
      ['john.doe@myschool.edu', null, 'John', 'Doe', 'student'],
      ['peggy.sue@myschool.edu', null, 'Peggy', 'Sue', 'instructor'],
    ]);
    expect(await issuesOf(ws.id, students.runId)).toEqual([
      [6, 'warning', 'inactive_enrollment', 'status', 'deleted'],
      [8, 'error', 'unknown_user', 'user_id', 'ghost'],
      [9, 'warning', 'deleted_user', 'user_id', 'u900'],
      [10, 'warning', 'deleted_course', 'course_id', 'A110035'],
    ]);
  });

  it('reports a course with no product in the catalog on its row, naming the column and the course', async () => {
    const ws = await newWorkspace(db);
    await new CatalogStore(db.sql).addProduct(ws.id, 'English 115: Intro to English');
    const result = await engine.execute({ workspaceId: ws.id, pipeline: accessPipeline({}), input: csvInput(ENROLLMENTS_CSV, 'enrollments.csv') });
    const issues = await new RunStore(db.sql).issues(ws.id, result.runId);
    expect(issues.filter((i) => i.code === 'unknown_product').map((i) => [i.row, i.column, i.value])).toEqual([[5, 'course_id', 'Biology 300: Rocking it, Bio Style']]);
  });

  it('reports an address that is not one on its row, with the column it came from', async () => {
    const ws = await newWorkspace(db);
    const text = 'user_id,login_id,full_name,email,status\n1,ada,Ada Lovelace,ada(at)example.com,active\n2,alan,Alan Turing,alan@example.com,active\n';
    const result = await engine.execute({ workspaceId: ws.id, pipeline: peoplePipeline({ role: 'staff' }), input: csvInput(text, 'users.csv') });
    expect(result.counts).toMatchObject({ read: 2, created: 1, failed: 1 });
    expect(await issuesOf(ws.id, result.runId)).toEqual([[2, 'error', 'invalid_email', 'email', 'ada(at)example.com']]);
  });

  it('fails a file without a column it needs before writing anything, naming the column', async () => {
    const ws = await newWorkspace(db);
    const text = 'user_id,full_name,email,status\n1,Ada Lovelace,ada@example.com,active\n';
    const result = await engine.execute({ workspaceId: ws.id, pipeline: peoplePipeline({ file: 'users', role: 'staff' }), input: csvInput(text, 'users.csv') });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'missing_column', message: expect.stringContaining('"login_id"') } });
    expect(result.counts.read).toBe(0);
    expect(await people(ws.id)).toEqual([]);
  });

  it('fails enrollments without users.csv before writing anything', async () => {
    const ws = await newWorkspace(db);
    const pipeline = accessPipeline({ usersFile: undefined });
    const result = await engine.execute({ workspaceId: ws.id, pipeline, input: csvInput(ENROLLMENTS_CSV, 'enrollments.csv') });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'missing_lookup_file', message: expect.stringContaining('usersFile') } });
    expect(await people(ws.id)).toEqual([]);
  });
});
