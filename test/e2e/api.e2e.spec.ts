import ExcelJS from 'exceljs';
import { runFerry } from '../support/run-ferry';
import { apiClient, startApi, waitForImport, workspaceWithKey, type ApiClient, type ApiProcess } from '../support/run-api';
import { startWorker, TEST_REDIS_URL, type WorkerProcess } from '../support/run-worker';
import { TEST_DATABASE_URL, uniqueSlug } from '../support/test-database';
import { Client } from 'pg';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/*
 * The admin API as a school's admin screens drive it: over HTTP, against a
 * real `ferry-api` process and a real `ferry-worker` on PostgreSQL and Redis.
 */
jest.setTimeout(120_000);

const queueEnv = { REDIS_URL: TEST_REDIS_URL, FERRY_QUEUE_PREFIX: `ferry-api-${process.pid}` };
const home = mkdtempSync(path.join(tmpdir(), 'ferry-api-'));
let server: ApiProcess;
let worker: WorkerProcess;

beforeAll(async () => {
  [server, worker] = await Promise.all([
    startApi({ ...queueEnv, FERRY_HOME: home, FERRY_UPLOAD_MAX_BYTES: '200000' }),
    startWorker({ ...queueEnv, FERRY_HOME: home }),
  ]);
});
afterAll(async () => {
  await server?.stop();
  worker?.child.kill('SIGTERM');
  await worker?.exited;
});

async function admin(prefix: string): Promise<{ api: ApiClient; slug: string }> {
  const slug = uniqueSlug(prefix);
  return { api: apiClient(server.url, await workspaceWithKey(slug)), slug };
}

const CONTACTS = [
  'E-Mail;Vorname;Nachname;Telefon;Kurs',
  'ann@example.com;Ann;Lee;07700 900123;Spanish',
  'bob(at)example.com;Bob;Ray;;French',
  'cy@example.com;=HYPERLINK("http://evil.example");Cole;;',
  'ann@example.com;Ann;Lee;;German',
].join('\n');

describe('the import flow over HTTP', () => {
  it('uploads a contacts CSV, previews it, validates it as a dry-run, fixes a flagged row, confirms once, and imports it', async () => {
    const { api, slug } = await admin('api-flow');
    const upload = await api.upload('kontakte.csv', CONTACTS);
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ label: 'kontakte.csv', size: Buffer.byteLength(CONTACTS), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const preview = (await api.get(`/uploads/${upload.body.id}/preview`)).body;
    expect(preview).toMatchObject({ format: 'csv', delimiter: ';', encoding: 'utf-8' });
    expect(preview.columns.map((c: { header: string }) => c.header)).toEqual(['E-Mail', 'Vorname', 'Nachname', 'Telefon', 'Kurs']);
    expect(preview.rows[0]).toEqual({ row: 2, values: { 'E-Mail': 'ann@example.com', Vorname: 'Ann', Nachname: 'Lee', Telefon: '07700 900123', Kurs: 'Spanish' } });
    expect(preview.suggestedMapping).toMatchObject({ 'E-Mail': 'email', Vorname: 'first_name', Nachname: 'last_name', Telefon: 'phone' });

    const created = await api.post('/imports', {
      uploadId: upload.body.id, name: 'Spring migration', mapping: { Kurs: 'tags' }, tags: ['spring-2026'], defaultCountry: 'GB',
    });
    expect(created.status).toBe(201);
    const ready = await waitForImport(api, created.body.id, ['ready'], 'the validation');
    expect(ready.summary).toMatchObject({ rows: 4, wouldCreate: 2, rejected: 1 });
    // A dry-run writes nothing.
    expect((await api.get('/contacts')).body.contacts).toEqual([]);

    const flagged = (await api.get(`/imports/${created.body.id}/rows?severity=error`)).body;
    expect(flagged.total).toBe(1);
    expect(flagged.rows[0]).toMatchObject({ key: '3', row: 3, values: { 'E-Mail': 'bob(at)example.com' }, issues: [expect.objectContaining({ column: 'E-Mail', code: 'invalid_email' })] });

    const fixed = await api.patch(`/imports/${created.body.id}/rows/3`, { values: { 'E-Mail': 'bob@example.com' } });
    expect(fixed.status).toBe(200);
    expect(fixed.body.fixes).toEqual({ 3: { 'E-Mail': 'bob@example.com' } });
    const revalidated = await waitForImport(api, created.body.id, ['ready'], 'the validation after the fix');
    expect(revalidated.summary).toMatchObject({ rows: 4, wouldCreate: 3, rejected: 0 });
    expect((await api.get(`/imports/${created.body.id}/rows?severity=error`)).body.total).toBe(0);

    // Three confirms at once, as a client retrying on a flaky network would send them: one run.
    const confirm = () => api.post(`/imports/${created.body.id}/confirm`, undefined, { 'Idempotency-Key': 'confirm-1' });
    const answers = await Promise.all([confirm(), confirm(), confirm()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 202]);
    const first = answers.find((a) => a.status === 202)!;
    expect(first.body.summary).toMatchObject({ wouldCreate: 3, rejected: 0 });
    expect(new Set(answers.map((a) => a.body.run.id))).toEqual(new Set([first.body.run.id]));
    expect((await api.post(`/imports/${created.body.id}/confirm`, undefined, { 'Idempotency-Key': 'another' })).body.error).toMatchObject({ code: 'already_confirmed', runId: first.body.run.id });

    const done = await waitForImport(api, created.body.id, ['confirmed'], 'the run');
    expect(done.run).toMatchObject({ status: 'completed', dryRun: false, counts: expect.objectContaining({ created: 3, failed: 0 }) });
    const contacts = (await api.get('/contacts')).body.contacts as { email: string; phone: string | null; tags: string[] }[];
    expect(contacts.map((c) => c.email).sort()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
    expect(contacts.find((c) => c.email === 'ann@example.com')).toMatchObject({ phone: '+447700900123', tags: ['German', 'Spanish', 'spring-2026'] });
    expect((await api.get('/contacts?search=ANN')).body.contacts.map((c: { email: string }) => c.email)).toEqual(['ann@example.com']);
    expect((await api.get('/contacts?tag=French')).body.contacts.map((c: { email: string }) => c.email)).toEqual(['bob@example.com']);

    const history = (await api.get('/imports?name=spring')).body.imports;
    expect(history.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expect(history[0].settings).toMatchObject({ mapping: { Kurs: 'tags' }, defaultCountry: 'GB' });
    // The CLI sees the same runs.
    const runs = (await runFerry(['runs', '--json'], { workspace: slug })).json() as { id: string; dryRun: boolean }[];
    expect(runs.filter((r) => !r.dryRun).map((r) => r.id)).toEqual([first.body.run.id]);
  });

  it('filters the history by status before paging: an older invalid import is found behind newer ready ones', async () => {
    const { api } = await admin('api-history');
    const upload = await api.upload('kontakte.csv', CONTACTS);
    const create = async (name: string) => (await api.post('/imports', { uploadId: upload.body.id, name })).body.id as string;
    const invalid = await create('broken');
    // A validation that failed for good (as when the database refused the run): the import is invalid.
    const { validation } = await waitForImport(api, invalid, ['ready']);
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    await db.query(`update import_run set status = 'failed', error = '{"message": "lost"}' where id = $1`, [validation.id]).finally(() => db.end());
    expect((await api.get(`/imports/${invalid}`)).body.status).toBe('invalid');
    const older = await create('first ready');
    const newer = await create('second ready');
    const cancelled = await create('dropped');
    await waitForImport(api, older, ['ready']);
    await waitForImport(api, newer, ['ready']);
    expect((await api.post(`/imports/${cancelled}/cancel`)).status).toBeLessThan(300);

    const page = async (query: string) => (await api.get(`/imports?${query}`)).body.imports.map((i: { id: string }) => i.id);
    expect(await page('limit=10')).toEqual([cancelled, newer, older, invalid]);
    expect(await page('status=invalid&limit=1')).toEqual([invalid]);
    expect(await page('status=ready&limit=1')).toEqual([newer]);
    expect(await page(`status=ready&limit=1&before=${newer}`)).toEqual([older]);
    expect(await page('status=cancelled&limit=1')).toEqual([cancelled]);
    expect(await page('status=validating')).toEqual([]);
  });

  it('gives an error report of the rejected rows with their original columns, row numbers and messages, formulas neutralised', async () => {
    const { api } = await admin('api-report');
    const hostile = CONTACTS.replace('cy@example.com', 'cy-at-example').replace('Kurs', '@Kurs').replace(';French', ';+French');
    const upload = await api.upload('kontakte.csv', hostile);
    const created = await api.post('/imports', { uploadId: upload.body.id });
    await waitForImport(api, created.body.id, ['ready']);

    const report = await api.get(`/imports/${created.body.id}/errors.csv`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = report.text.replace(/^\ufeff/, '').trim().split('\n');
    // Headers come from the file too: a header or a cell starting with = + - @ is text, not a formula.
    expect(lines[0]).toBe("Row,E-Mail,Vorname,Nachname,Telefon,'@Kurs,Errors");
    expect(lines[1]).toMatch(/^3,bob\(at\)example.com,Bob,Ray,,'\+French,E-Mail: /);
    expect(lines[2]).toMatch(/^4,cy-at-example,"'=HYPERLINK\(""http:\/\/evil.example""\)",Cole,,,E-Mail: /);
    expect(lines).toHaveLength(3);

    const xlsx = await api.raw(`/imports/${created.body.id}/errors.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(3).getCell(3).value).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(sheet.rowCount).toBe(3);
  });

  it('deletes uploaded files past FERRY_UPLOAD_RETENTION_DAYS, keeps one a queued import still reads, and answers 410 for a deleted one', async () => {
    const { api } = await admin('api-retention');
    const old = (await api.upload('old.csv', CONTACTS)).body;
    const stillRead = (await api.upload('queued.csv', CONTACTS)).body;
    const fresh = (await api.upload('fresh.csv', CONTACTS)).body;
    const oldImport = (await api.post('/imports', { uploadId: old.id })).body;
    const queuedImport = (await api.post('/imports', { uploadId: stillRead.id })).body;
    await waitForImport(api, oldImport.id, ['ready']);
    await waitForImport(api, queuedImport.id, ['ready']);
    const fileOf = (id: string) => readdirSync(path.join(home, 'uploads')).map((ws) => path.join(home, 'uploads', ws, `${id}.upload`)).find(existsSync);
    expect(fileOf(old.id)).toBeDefined();

    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query(`update upload set created_at = now() - interval '31 days' where id = any($1)`, [[old.id, stillRead.id]]);
      // As if the import over queued.csv waited in the queue: its file must stay.
      await db.query(`update import_run set status = 'queued' where id = (select validation_run_id from import_draft where id = $1)`, [queuedImport.id]);
    } finally {
      await db.end();
    }
    // Another API process on the same home sweeps as it starts (and every hour after).
    const second = await startApi({ FERRY_HOME: home, REDIS_URL: TEST_REDIS_URL, FERRY_QUEUE_PREFIX: `ferry-nobody-${process.pid}` });
    try {
      for (let i = 0; i < 100 && !(await api.get(`/uploads/${old.id}`)).body.removedAt; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await second.stop();
    }

    expect((await api.get(`/uploads/${old.id}`)).body.removedAt).toEqual(expect.any(String));
    expect(fileOf(old.id)).toBeUndefined();
    const preview = await api.get(`/uploads/${old.id}/preview`);
    expect(preview.status).toBe(410);
    expect(preview.body.error).toMatchObject({ code: 'upload_removed', message: expect.stringContaining('"old.csv" was deleted') });
    expect((await api.get(`/imports/${oldImport.id}/errors.csv`)).status).toBe(410);
    // The import itself stays in the history.
    expect((await api.get(`/imports/${oldImport.id}`)).status).toBe(200);

    for (const kept of [stillRead, fresh]) {
      expect((await api.get(`/uploads/${kept.id}`)).body.removedAt).toBeNull();
      expect(fileOf(kept.id)).toBeDefined();
    }
  });

  it('imports an XLSX with a tab per role, the role set by each tab', async () => {
    const { api, slug } = await admin('api-xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Students').addRows([['Email', 'First name', 'Parent email'], ['kid@example.com', 'Kim', 'pat@example.com']]);
    workbook.addWorksheet('Parents').addRows([['Email', 'First name'], ['pat@example.com', 'Pat']]);
    const upload = await api.upload('people.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));

    const preview = (await api.post(`/uploads/${upload.body.id}/preview`, { sink: 'people' })).body;
    expect(preview.format).toBe('xlsx');
    expect(preview.sheets).toEqual([{ name: 'Students', columns: ['Email', 'First name', 'Parent email'] }, { name: 'Parents', columns: ['Email', 'First name'] }]);
    expect(preview.rows).toEqual([
      { row: 2, sheet: 'Students', values: { Email: 'kid@example.com', 'First name': 'Kim', 'Parent email': 'pat@example.com' } },
      { row: 2, sheet: 'Parents', values: { Email: 'pat@example.com', 'First name': 'Pat' } },
    ]);

    const created = await api.post('/imports', { uploadId: upload.body.id, sink: 'people', sheetValues: { Students: { role: 'student' }, Parents: { role: 'parent' } } });
    expect(created.status).toBe(201);
    expect((await waitForImport(api, created.body.id, ['ready'])).summary).toMatchObject({ rows: 2, wouldCreate: 2, rejected: 0 });
    await api.post(`/imports/${created.body.id}/confirm`);
    expect((await waitForImport(api, created.body.id, ['confirmed'])).run.status).toBe('completed');

    const kid = (await runFerry(['contacts', 'show', 'kid@example.com', '--json'], { workspace: slug })).json();
    expect(kid).toMatchObject({ roles: ['student'], parents: ['pat@example.com'] });
  });

  it('imports a completions file into progress, rejecting an unknown content uuid by row', async () => {
    const { api, slug } = await admin('api-progress');
    await runFerry(['products', 'add', 'Leadership'], { workspace: slug });
    const tree = [{
      uuid: '0b9e2f8e-1c1a-4c53-9c2e-000000000000', title: 'Programme', level: 'programme',
      children: [{ uuid: '0b9e2f8e-1c1a-4c53-9c2e-000000000001', title: 'Journey', level: 'journey', children: [{ uuid: '0b9e2f8e-1c1a-4c53-9c2e-000000000011', title: 'Activity', level: 'activity' }] }],
    }];
    const treeFile = path.join(home, 'tree.json');
    writeFileSync(treeFile, JSON.stringify(tree));
    expect((await runFerry(['content', 'import', treeFile, '--product', 'Leadership'], { workspace: slug })).code).toBe(0);
    const people = await api.upload('people.csv', 'email\nsam@example.com\n');
    const peopleImport = await api.post('/imports', { uploadId: people.body.id });
    await waitForImport(api, peopleImport.body.id, ['ready']);
    await api.post(`/imports/${peopleImport.body.id}/confirm`);
    await waitForImport(api, peopleImport.body.id, ['confirmed']);

    const file = 'Email,Content,Completed\nsam@example.com,0b9e2f8e-1c1a-4c53-9c2e-000000000001,2025-03-14\nsam@example.com,0b9e2f8e-1c1a-4c53-9c2e-00000000dead,2025-03-14\n';
    const upload = await api.upload('done.csv', file);
    const created = await api.post('/imports', { uploadId: upload.body.id, sink: 'progress', mapping: { Content: 'content', Completed: 'completed_on' } });
    const ready = await waitForImport(api, created.body.id, ['ready']);
    expect(ready.summary).toMatchObject({ rows: 2, wouldCreate: 1, rejected: 1 });
    const flagged = (await api.get(`/imports/${created.body.id}/rows?severity=error`)).body.rows;
    expect(flagged).toEqual([expect.objectContaining({ row: 3, issues: [expect.objectContaining({ code: 'unknown_content', column: 'Content' })] })]);

    await api.post(`/imports/${created.body.id}/rows/3/exclude`);
    expect((await waitForImport(api, created.body.id, ['ready'])).summary).toMatchObject({ rows: 2, wouldCreate: 1, rejected: 0, skipped: 1 });
    await api.post(`/imports/${created.body.id}/confirm`);
    expect((await waitForImport(api, created.body.id, ['confirmed'])).run.status).toBe('completed');
    const progress = (await runFerry(['progress', 'show', 'sam@example.com', '--json'], { workspace: slug })).json();
    expect(progress).toHaveLength(2);
  });
});

describe('workspaces and keys', () => {
  /** Workspace A with an upload, an import confirmed into a run, and a contact; and the routes that reach them. */
  async function workspaceWithData() {
    const a = await admin('api-owner');
    const upload = await a.api.upload('people.csv', 'Email,First name\nsecret@example.com,Sally\nnot-an-email,Nope\n');
    const draft = await a.api.post('/imports', { uploadId: upload.body.id, name: 'Secret import' });
    await waitForImport(a.api, draft.body.id, ['ready']);
    const confirmed = (await a.api.post(`/imports/${draft.body.id}/confirm`)).body;
    await waitForImport(a.api, draft.body.id, ['confirmed']);
    const schedule = await a.api.post('/schedules', { name: 'Sync', cron: '0 2 * * *', pipeline: { name: 'Sync', source: { use: 'platform-api', config: { baseUrl: 'https://platform.example', token: 't' } }, steps: [], sink: { use: 'people' } } });
    expect(schedule.status).toBe(201);
    const ids = { upload: upload.body.id, import: draft.body.id, run: confirmed.run.id, schedule: schedule.body.id };
    const routes: [string, string, unknown?][] = [
      ['GET', `/uploads/${ids.upload}`],
      ['GET', `/uploads/${ids.upload}/preview`],
      ['POST', `/uploads/${ids.upload}/preview`, {}],
      ['POST', '/imports', { uploadId: ids.upload }],
      ['GET', `/imports/${ids.import}`],
      ['GET', `/imports/${ids.import}/rows`],
      ['PATCH', `/imports/${ids.import}/rows/3`, { values: { Email: 'x@example.com' } }],
      ['POST', `/imports/${ids.import}/rows/3/exclude`],
      ['DELETE', `/imports/${ids.import}/rows/3/exclude`],
      ['POST', `/imports/${ids.import}/confirm`],
      ['POST', `/imports/${ids.import}/cancel`],
      ['GET', `/imports/${ids.import}/errors.csv`],
      ['GET', `/imports/${ids.import}/errors.xlsx`],
      ['GET', `/runs/${ids.run}`],
      ['GET', `/runs/${ids.run}/issues`],
      ['POST', `/runs/${ids.run}/cancel`],
      ['GET', `/schedules/${ids.schedule}`],
      ['POST', `/schedules/${ids.schedule}/pause`],
      ['POST', `/schedules/${ids.schedule}/resume`],
      ['POST', `/schedules/${ids.schedule}/run-now`],
      ['DELETE', `/schedules/${ids.schedule}`],
    ];
    return { ...a, ids, routes };
  }

  const call = (api: ApiClient, [method, route, body]: [string, string, unknown?]) =>
    method === 'GET' ? api.get(route) : method === 'PATCH' ? api.patch(route, body) : method === 'DELETE' ? api.delete(route) : api.post(route, body);

  it("answers another workspace's ids exactly like ids that do not exist, and lists none of its data", async () => {
    const owner = await workspaceWithData();
    const other = await admin('api-other');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const route of owner.routes) {
      const answer = await call(other.api, route);
      expect({ route: route.slice(0, 2), status: answer.status, code: answer.body?.error?.code }).toEqual({ route: route.slice(0, 2), status: 404, code: 'not_found' });
      // The same answer, word for word, as for an id nobody has.
      const [method, path, body] = route;
      const swap = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, missing);
      const nobody = await call(other.api, [method, swap(path), body === undefined ? undefined : JSON.parse(swap(JSON.stringify(body)))]);
      expect(answer.body.error.message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID')).toBe(nobody.body.error.message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID'));
    }
    for (const list of ['/imports', '/runs', '/contacts', '/fields', '/schedules', '/tags']) {
      const text = (await other.api.get(list)).text;
      expect(text).not.toMatch(/secret|Sally|Secret import|platform\.example/i);
    }
    // The owner's data is all still there, untouched by the other key's attempts.
    expect((await owner.api.get(`/imports/${owner.ids.import}`)).body).toMatchObject({ status: 'confirmed', run: { status: 'completed_with_errors' } });
  });

  it('lets a viewer key read but not change anything, and refuses unknown and revoked keys', async () => {
    const owner = await workspaceWithData();
    const viewer = apiClient(server.url, await workspaceWithKey(owner.slug, 'viewer'));
    for (const route of owner.routes) {
      const answer = await call(viewer, route);
      if (route[0] === 'GET') expect({ route: route[1], status: answer.status }).toEqual({ route: route[1], status: 200 });
      else expect({ route: route.slice(0, 2), status: answer.status, code: answer.body.error.code }).toEqual({ route: route.slice(0, 2), status: 403, code: 'forbidden' });
    }
    expect((await viewer.upload('x.csv', 'email\n')).status).toBe(403);

    expect((await apiClient(server.url).get('/imports')).body.error.code).toBe('unauthorized');
    expect((await apiClient(server.url, 'ferry_made-up').get('/imports')).status).toBe(401);
    const created = (await runFerry(['keys', 'create', '--workspace', owner.slug, '--json'])).json<{ id: string; key: string }>();
    expect((await apiClient(server.url, created.key).get('/imports')).status).toBe(200);
    expect((await runFerry(['keys', 'revoke', created.id, '--workspace', owner.slug])).code).toBe(0);
    expect((await apiClient(server.url, created.key).get('/imports')).body.error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/revoked/) });
    expect((await apiClient(server.url).get('/health')).body).toEqual({ status: 'ok' });
  });
});

describe('bad requests', () => {
  it('answers each with a clear 4xx, a code and a message', async () => {
    const { api } = await admin('api-bad');
    const upload = (await api.upload('people.csv', 'Email,Name\nann@example.com,Ann\n')).body;

    const unknownSink = await api.post('/imports', { uploadId: upload.id, sink: 'carrier-pigeon' });
    expect(unknownSink.status).toBe(400);
    expect(unknownSink.body.error).toMatchObject({ code: 'unknown_sink', message: expect.stringContaining('crm-contacts') });

    const missingField = await api.post('/imports', { uploadId: upload.id, mapping: { Name: 'favourite_colour' } });
    expect(missingField.status).toBe(400);
    expect(missingField.body.error).toMatchObject({ code: 'unknown_field', message: expect.stringContaining('favourite_colour') });
    // The preview shows the file anyway, with what is wrong with the mapping.
    const preview = (await api.post(`/uploads/${upload.id}/preview`, { mapping: { Name: 'favourite_colour' } })).body;
    expect(preview.mappingProblem).toMatchObject({ code: 'unknown_field' });
    expect(preview.rows).toHaveLength(1);

    const misspelt = await api.post('/imports', { uploadId: upload.id, defaultCounty: 'GB' });
    expect(misspelt.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('defaultCounty') });

    const stored = () => (readdirSync(path.join(home, 'uploads'), { recursive: true }) as string[]).filter((f) => f.endsWith('.upload')).length;
    const before = stored();
    const tooBig = await api.upload('big.csv', `email\n${'x'.repeat(250_000)}\n`);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('upload_too_large');
    expect(stored()).toBe(before);
    expect((await api.post('/uploads/paste', { text: `email\n${'x'.repeat(250_000)}` })).status).toBe(413);

    const withPath = await api.upload('../../etc/passwd.csv', 'email\n');
    expect(withPath.status).toBe(400);
    expect(withPath.body.error).toMatchObject({ code: 'invalid_file_name', message: expect.stringContaining('../../etc/passwd.csv') });

    const malformed = await api.post('/uploads', '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nemail\r\nann@', { 'content-type': 'multipart/form-data; boundary=xyz' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_multipart');

    const draft = (await api.post('/imports', { uploadId: upload.id })).body;
    await waitForImport(api, draft.id, ['ready']);
    // Validated again on request (after an interrupted validation, say): a new dry-run replaces the old.
    const again = (await api.post(`/imports/${draft.id}/validate`)).body;
    expect(again.validation.id).not.toBe(draft.validation.id);
    await waitForImport(api, draft.id, ['ready']);
    expect((await api.post(`/imports/${draft.id}/cancel`)).body.status).toBe('cancelled');
    expect((await api.post(`/imports/${draft.id}/validate`)).body.error.code).toBe('import_cancelled');
    const confirmCancelled = await api.post(`/imports/${draft.id}/confirm`);
    expect(confirmCancelled.status).toBe(409);
    expect(confirmCancelled.body.error).toMatchObject({ code: 'import_cancelled', message: expect.stringContaining('cancelled') });
    const fixCancelled = await api.patch(`/imports/${draft.id}/rows/2`, { values: { Email: 'x@example.com' } });
    expect(fixCancelled.body.error.code).toBe('import_cancelled');

    expect((await api.patch(`/imports/${draft.id}/rows/row-two`, { values: {} })).body.error.code).toBe('invalid_row');

    // A row the file garbles cannot be fixed here (it never reaches the steps): the answer says to correct the file.
    const ragged = (await api.upload('ragged.csv', 'Email,Name\nann@example.com,Ann\nbob@example.com,Bob,extra,cells\n')).body;
    const raggedDraft = (await api.post('/imports', { uploadId: ragged.id })).body;
    await waitForImport(api, raggedDraft.id, ['ready']);
    const unreadable = await api.patch(`/imports/${raggedDraft.id}/rows/3`, { values: { Email: 'bob@example.com' } });
    expect(unreadable.status).toBe(409);
    expect(unreadable.body.error).toMatchObject({ code: 'row_unreadable', message: expect.stringContaining('Correct it in the file') });
    expect((await api.patch(`/imports/${raggedDraft.id}/rows/99`, { values: { Email: 'x@example.com' } })).body.error.code).toBe('unknown_row');
    expect((await api.get('/imports/not-a-uuid')).status).toBe(404);
  });

  it('keeps a header called __proto__ as a plain column, and stores uploads under generated names only', async () => {
    const { api } = await admin('api-hostile');
    const upload = (await api.upload("'; drop table contact; --.csv", 'Email,__proto__,constructor\nann@example.com,x,y\n')).body;
    expect(upload.label).toBe("'; drop table contact; --.csv");
    const preview = (await api.get(`/uploads/${upload.id}/preview`)).body;
    expect(preview.columns.map((c: { key: string }) => c.key)).toEqual(['Email', '__proto__', 'constructor']);
    // An object literal cannot say "an own property called __proto__"; JSON can.
    expect(preview.rows[0].values).toEqual(JSON.parse('{"Email":"ann@example.com","__proto__":"x","constructor":"y"}'));
    const files = readdirSync(path.join(home, 'uploads'), { recursive: true }) as string[];
    expect(files.filter((f) => f.endsWith(`${upload.id}.upload`))).toHaveLength(1);
    expect(files.filter((f) => /drop table/.test(f))).toEqual([]);

    // A column called __proto__ maps, and is fixed, like any other.
    const draft = (await api.post('/imports', { uploadId: upload.id, mapping: JSON.parse('{"__proto__":"first_name","constructor":"skip"}') })).body;
    await waitForImport(api, draft.id, ['ready']);
    const fixed = await api.patch(`/imports/${draft.id}/rows/2`, { values: JSON.parse('{"__proto__":"Annie"}') });
    expect(fixed.body.fixes).toEqual(JSON.parse('{"2":{"__proto__":"Annie"}}'));
    await waitForImport(api, draft.id, ['ready']);
    await api.post(`/imports/${draft.id}/confirm`);
    await waitForImport(api, draft.id, ['confirmed']);
    expect((await api.get('/contacts')).body.contacts).toEqual([expect.objectContaining({ email: 'ann@example.com', first_name: 'Annie' })]);
  });
});

describe('the rest of the workspace over HTTP', () => {
  it('manages products, offers, teams and tags, and grants an offer to everyone with a tag as a run', async () => {
    const { api, slug } = await admin('api-catalog');
    expect((await api.post('/products', { name: 'Spanish A1' })).status).toBe(201);
    expect((await api.post('/offers', { name: 'Languages bundle', products: ['Spanish A1'] })).status).toBe(201);
    expect((await api.post('/offers', { name: 'Broken', products: ['Klingon'] })).status).toBe(400);
    expect((await api.get('/offers')).body.offers.map((o: { name: string }) => o.name).sort()).toEqual(['Languages bundle', 'Spanish A1']);
    expect((await api.post('/teams', { name: 'Class 1A' })).status).toBe(201);
    expect((await api.get('/teams')).body.teams).toEqual([expect.objectContaining({ name: 'Class 1A' })]);

    const people = path.join(home, `${slug}.csv`);
    writeFileSync(people, 'email\nana@example.com\nben@example.com\n');
    expect((await runFerry(['import', people, '--tag', 'spring'], { workspace: slug })).code).toBe(0);
    expect((await api.get('/tags')).body).toEqual({ tags: [{ name: 'spring', contacts: 2 }], next: null });
    // Tags page by name (any case), each with its own count.
    const tagged = path.join(home, `${slug}-tags.csv`);
    writeFileSync(tagged, 'email,Groups\nana@example.com,Alpha;beta\ncy@example.com,beta;Gamma\ndi@example.com,beta\n');
    expect((await runFerry(['import', tagged, '--map', 'Groups=tags'], { workspace: slug })).code).toBe(0);
    const first = (await api.get('/tags?limit=2')).body;
    expect(first).toEqual({ tags: [{ name: 'Alpha', contacts: 1 }, { name: 'beta', contacts: 3 }], next: 'beta' });
    const second = (await api.get(`/tags?limit=2&after=${first.next}`)).body;
    expect(second).toEqual({ tags: [{ name: 'Gamma', contacts: 1 }, { name: 'spring', contacts: 2 }], next: 'spring' });
    expect((await api.get('/tags?limit=2&after=spring')).body).toEqual({ tags: [], next: null });

    expect((await api.post('/grants', { offer: 'Nope', tag: 'spring' })).body.error.code).toBe('unknown_offer');
    const grant = await api.post('/grants', { offer: 'spanish a1', tag: 'spring', notify: false });
    expect(grant.status).toBe(202);
    let run = grant.body;
    for (let i = 0; i < 300 && !['completed', 'completed_with_errors', 'failed'].includes(run.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = (await api.get(`/runs/${grant.body.id}`)).body;
    }
    expect(run).toMatchObject({ status: 'completed', sink: 'course-enrollment', counts: expect.objectContaining({ read: 2, created: 2 }) });
    expect((await runFerry(['contacts', 'show', 'ana@example.com', '--json'], { workspace: slug })).json().offers).toEqual(['Spanish A1']);
  });

  it("serves sample templates per sink, and the OpenAPI document at /docs", async () => {
    const { api } = await admin('api-templates');
    const csv = await api.get('/templates/crm-contacts.csv');
    expect(csv.headers.get('content-disposition')).toContain('crm-contacts-template.csv');
    expect(csv.text.replace(/^\ufeff/, '').split('\r\n')[0]).toMatch(/^Email,/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await api.raw('/templates/people.xlsx')).arrayBuffer()) as never);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Students', 'Parents']));
    expect((await api.get('/templates/no-such-sink.csv')).status).toBe(404);

    const openapi = (await apiClient(server.url).get('/docs/openapi.json')).body;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/uploads', '/uploads/{id}/preview', '/imports', '/imports/{id}/confirm', '/imports/{id}/errors.{format}', '/schedules']));
  });

  it('adds, pauses and removes a sync schedule, refusing one that would read a file on the server', async () => {
    const { api } = await admin('api-schedules');
    const sync = { name: 'Nightly', source: { use: 'platform-api', config: { baseUrl: 'https://old-platform.example/api', token: 's3cret' } }, steps: [], sink: { use: 'people' } };
    const fileSync = { ...sync, source: { use: 'csv', config: {} }, input: '/etc/passwd' };
    const refused = await api.post('/schedules', { name: 'files', cron: '0 2 * * *', pipeline: fileSync });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('file_source_not_allowed');

    const noToken = await api.post('/schedules', { name: 'n', cron: '0 2 * * *', pipeline: { ...sync, source: { use: 'platform-api', config: { baseUrl: 'https://evil.example' } } } });
    expect(noToken.body.error.code).toBe('secret_required');
    const metadata = await api.post('/schedules', { name: 'm', cron: '0 2 * * *', pipeline: { ...sync, source: { use: 'platform-api', config: { baseUrl: 'http://169.254.169.254/latest', token: 't' } } } });
    expect(metadata.body.error.code).toBe('private_address');

    const added = await api.post('/schedules', { name: 'Nightly sync', cron: '0 2 * * *', timezone: 'Europe/London', pipeline: sync });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'Nightly sync', enabled: true, changeThreshold: 0.2 });
    expect(JSON.stringify(added.body)).not.toContain('s3cret');
    expect((await api.post(`/schedules/${added.body.id}/pause`)).body.enabled).toBe(false);
    expect((await api.get('/schedules')).body.schedules).toEqual([expect.objectContaining({ id: added.body.id, enabled: false })]);
    expect((await api.post('/schedules', { name: 'bad cron', cron: 'every day', pipeline: sync })).status).toBe(400);
    expect((await api.delete(`/schedules/${added.body.id}`)).status).toBe(200);
    expect((await api.get(`/schedules/${added.body.id}`)).status).toBe(404);
  });
});

describe('the API without Redis', () => {
  it('runs validations and imports in its own process, and takes up a run it left unfinished when it starts again', async () => {
    const slug = uniqueSlug('api-inline');
    const key = await workspaceWithKey(slug);
    // A run queued while no process was there to execute it (the API stopped just after recording it).
    const file = path.join(home, `${slug}.csv`);
    writeFileSync(file, 'email\nleft@example.com\n');
    const left = (await runFerry(['import', file, '--detach', '--json'], { workspace: slug, env: { REDIS_URL: TEST_REDIS_URL, FERRY_QUEUE_PREFIX: `ferry-nobody-${process.pid}` } })).json();
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    await db.query(`update import_run set settings = settings || '{"runner":"inline"}'::jsonb where id = $1`, [left.runId]);
    await db.end();

    const inline = await startApi({ FERRY_HOME: home });
    try {
      const api = apiClient(inline.url, key);
      const upload = await api.upload('people.csv', 'email\nin@example.com\n');
      const draft = (await api.post('/imports', { uploadId: upload.body.id })).body;
      await waitForImport(api, draft.id, ['ready']);
      await api.post(`/imports/${draft.id}/confirm`);
      expect((await waitForImport(api, draft.id, ['confirmed'])).run.status).toBe('completed');
      for (let i = 0; i < 100 && (await api.get(`/runs/${left.runId}`)).body.status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 200));
      expect((await api.get(`/runs/${left.runId}`)).body.status).toBe('completed');
      expect((await api.get('/contacts')).body.contacts.map((c: { email: string }) => c.email).sort()).toEqual(['in@example.com', 'left@example.com']);
    } finally {
      await inline.stop();
    }
  });
});
