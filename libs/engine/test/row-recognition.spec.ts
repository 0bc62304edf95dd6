import { pageContacts, RunStore, type Database } from '@ferry/domain';
import { PluginRegistry, type Row, type StepPlugin } from '@ferry/sdk';
import { Readable } from 'node:stream';
import { BUILT_IN_PLUGINS } from '../../../connectors';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { importPipeline, RunPipeline, type ImportRequest, type PipelineDocument } from '../src';

/**
 * Re-imports and syncs skip the rows the CRM already holds as they would leave
 * it (recognised by fingerprint), and must end exactly as a run that read
 * every row would: same contacts, same counts, same warnings.
 */

class NoConfig {}
/** Rows the steps were asked to transform, in this process (the phone step's work a re-import saves). */
const transformed: number[] = [];
const countRows: StepPlugin<NoConfig> = {
  manifest: { kind: 'step', name: 'count-rows', title: 'Count rows', description: 'Test step: notes the rows it transforms.' },
  config: NoConfig,
  create: () => ({
    transform(rows: Row[]) {
      for (const row of rows) transformed.push(row.at.row);
      return rows;
    },
  }),
};

let db: Database;
let engine: RunPipeline;
beforeAll(async () => {
  db = await openTestDatabase();
  engine = new RunPipeline(db, new PluginRegistry([...BUILT_IN_PLUGINS, countRows]));
});
afterAll(() => db.close());

const HEADER = 'Email,First name,Phone,Tags';
const MAPPING = { Email: 'email', 'First name': 'first_name', Phone: 'phone', Tags: 'tags' };

function pipelineFor(request: Partial<ImportRequest> = {}): PipelineDocument {
  const pipeline = importPipeline('people.csv', { into: 'crm-contacts', mapping: MAPPING, defaultCountry: 'GB', batchSize: 3, ...request });
  return { ...pipeline, steps: [...pipeline.steps, { use: 'count-rows' }] };
}

/** Imports the CSV lines (header added) and returns the run with its issues and the rows the steps saw. */
async function importLines(workspaceId: string, lines: string[], request: Partial<ImportRequest> = {}) {
  transformed.length = 0;
  const text = [HEADER, ...lines].join('\n') + '\n';
  const input = { label: 'people.csv', open: () => Readable.from([Buffer.from(text)]) };
  const result = await engine.execute({ workspaceId, pipeline: pipelineFor(request), input });
  const issues = await db.sql.query<{ row: number; code: string; message: string }>(
    'select "row", code, message from row_issue where workspace_id = ? and run_id = ? order by "row", id', [workspaceId, result.runId],
  );
  return { ...result, issues, transformed: [...transformed] };
}

const contactsOf = async (workspaceId: string) =>
  (await pageContacts(db.sql, workspaceId, {})).map((c) => ({ email: c.email, first_name: c.first_name, phone: c.phone, tags: c.tags }));

const people = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `person${from + i}@example.com,Name${from + i},07700 9001${String(from + i).padStart(2, '0')},t${(from + i) % 3}`);

describe('recognising rows a run would not change', () => {
  it('re-imports an unchanged file without passing its rows through the steps, counting them unchanged', async () => {
    const ws = await newWorkspace(db);
    const first = await importLines(ws.id, people(10));
    expect(first.counts).toMatchObject({ read: 10, created: 10 });
    expect(first.transformed).toHaveLength(10);
    const before = await contactsOf(ws.id);

    const again = await importLines(ws.id, people(10));
    expect(again.status).toBe('completed');
    expect(again.counts).toMatchObject({ read: 10, created: 0, updated: 0, unchanged: 10, skipped: 0, failed: 0 });
    expect(again.transformed).toEqual([]);
    expect(await contactsOf(ws.id)).toEqual(before);
    // Batches with nothing to write are recorded ten at a time; the record still ends with every count.
    const long = await importLines(ws.id, people(40, 10));
    expect(long.counts).toMatchObject({ read: 40, created: 40 });
    const longAgain = await importLines(ws.id, people(40, 10));
    expect(await new RunStore(db.sql).get(ws.id, longAgain.runId)).toMatchObject({
      status: 'completed', checkpointRow: 41, counts: { read: 40, unchanged: 40, created: 0, updated: 0, skipped: 0 },
    });
  });

  it('passes on only the rows that changed, and applies them', async () => {
    const ws = await newWorkspace(db);
    await importLines(ws.id, people(8));
    const lines = people(8);
    lines[5] = 'person5@example.com,Renamed,07700 900105,t2';
    const run = await importLines(ws.id, [...lines, ...people(1, 8)]);
    expect(run.counts).toMatchObject({ read: 9, created: 1, updated: 1, unchanged: 7 });
    expect(run.transformed).toEqual([7, 10]);
    expect((await contactsOf(ws.id)).find((c) => c.email === 'person5@example.com')?.first_name).toBe('Renamed');
  });

  it('reads a row again when its contact was changed by anything else since, and puts its values back', async () => {
    const ws = await newWorkspace(db);
    await importLines(ws.id, people(4));
    await importLines(ws.id, ['person2@example.com,Someone else,,']);
    const run = await importLines(ws.id, people(4));
    expect(run.counts).toMatchObject({ updated: 1, unchanged: 3 });
    expect(run.transformed).toEqual([4]);
    expect((await contactsOf(ws.id)).find((c) => c.email === 'person2@example.com')?.first_name).toBe('Name2');

    // Any other write forgets the fingerprint (a trigger), not only imports.
    await db.sql.query(`update contact set tag_ids = '{}' where workspace_id = ? and email_key = 'person0@example.com'`, [ws.id]);
    const after = await importLines(ws.id, people(4));
    expect(after.counts).toMatchObject({ updated: 1, unchanged: 3 });
    expect((await contactsOf(ws.id)).find((c) => c.email === 'person0@example.com')?.tags).toEqual(['t0']);
  });

  it('reads every row again when the settings change (another mapping, tag or default country)', async () => {
    const ws = await newWorkspace(db);
    await importLines(ws.id, people(5));
    const tagged = await importLines(ws.id, people(5), { tags: ['spring'] });
    expect(tagged.transformed).toHaveLength(5);
    expect(tagged.counts).toMatchObject({ updated: 5 });
    const otherCountry = await importLines(ws.id, people(5), { tags: ['spring'], defaultCountry: 'IE' });
    expect(otherCountry.transformed).toHaveLength(5);
  });

  it('skips the first of two rows for one contact when it changes nothing the second did not; the second, warned about, is read again', async () => {
    const ws = await newWorkspace(db);
    // Batches of 3: person1's two rows (3, 4) share one, person2's (5, 6) the next.
    const [person0, person1, person2] = people(3);
    const lines = [person0, person1, 'PERSON1@EXAMPLE.COM,Name1,07700 900101,t1', person2, 'person2@example.com,Other,,'];
    const first = await importLines(ws.id, lines);
    expect(first.issues.map((i) => [i.row, i.code])).toEqual([[4, 'duplicate_email'], [6, 'duplicate_email']]);
    const again = await importLines(ws.id, lines);
    // person1's rows agree: the first is skipped. person2's disagree (Name2, then Other): both are read, as before.
    expect(again.transformed).toEqual([4, 5, 6]);
    expect(again.issues.map((i) => [i.row, i.code])).toEqual([[4, 'duplicate_email'], [6, 'duplicate_email']]);
    expect(again.counts).toMatchObject({ read: 5, updated: 2, unchanged: 3 });
    expect((await contactsOf(ws.id)).find((c) => c.email === 'person2@example.com')?.first_name).toBe('Other');
  });

  it('reports the warnings again: rows with issues are never skipped', async () => {
    const ws = await newWorkspace(db);
    const lines = [...people(3), 'bad@example.com,Bad,not a phone,'];
    const first = await importLines(ws.id, lines);
    expect(first.issues.map((i) => [i.row, i.code])).toEqual([[5, 'invalid_phone']]);
    const again = await importLines(ws.id, lines);
    expect(again.issues.map((i) => [i.row, i.code])).toEqual([[5, 'invalid_phone']]);
    expect(again.transformed).toEqual([5]);
    expect(again.counts).toMatchObject({ unchanged: 4, warnings: 1 });
  });

  it('still reports duplicates: a row repeating an email, identical or not, before or after, in the batch or far off', async () => {
    const ws = await newWorkspace(db);
    const base = people(9);
    const first = await importLines(ws.id, [...base, base[1]]);
    expect(first.issues.map((i) => [i.row, i.code, i.message.slice(0, 25)])).toEqual([[11, 'duplicate_email', 'Same email as row 3; both']]);
    const again = await importLines(ws.id, [...base, base[1]]);
    expect(again.issues.map((i) => [i.row, i.code, i.message.slice(0, 25)])).toEqual([[11, 'duplicate_email', 'Same email as row 3; both']]);
    expect(again.counts).toMatchObject({ unchanged: 10 });

    // A new row for a recognised contact, in a later batch and just before it in the same batch.
    const later = await importLines(ws.id, [...base, 'PERSON7@example.com,Later,,new']);
    expect(later.issues.map((i) => [i.row, i.message.slice(0, 25)])).toEqual([[11, 'Same email as row 9; both']]);
    // A row first seen early in the file (another spelling of the same phone: nothing changes), its recognised twin far later.
    const early = await importLines(ws.id, ['person8@example.com,Name8,+44 7700 900108,t2', ...base]);
    expect(early.issues.map((i) => [i.row, i.message.slice(0, 25)])).toEqual([[11, 'Same email as row 2; both']]);
    expect(early.counts).toMatchObject({ read: 10, created: 0, updated: 1 }); // person7, whom the run before renamed
    expect(early.transformed).toContain(11);

    const ws2 = await newWorkspace(db);
    await importLines(ws2.id, people(6));
    // Batches of 3: rows 5-7 hold the new row (5) and, after it, person3 and person4 as before.
    const before = await importLines(ws2.id, [people(6)[0], people(6)[1], people(6)[2], 'person4@example.com,Earlier,,', ...people(6).slice(3)]);
    expect(before.issues.map((i) => [i.row, i.message.slice(0, 25)])).toEqual([[7, 'Same email as row 5; both']]);
    // As imported one by one: person4's own row comes last and its values win again.
    expect((await contactsOf(ws2.id)).find((c) => c.email === 'person4@example.com')?.first_name).toBe('Name4');
    expect(before.counts).toMatchObject({ read: 7, updated: 2, unchanged: 5 });
  });

  it('does not take a row repeated later in the file for one this run wrote: it is read, and reported as a duplicate', async () => {
    const ws = await newWorkspace(db);
    await importLines(ws.id, people(3));
    const repeated = 'new@example.com,New,,';
    // Batches of 3: the repeat (row 15) comes three batches after the first (row 5), which is committed by then.
    const run = await importLines(ws.id, [...people(3), repeated, ...people(9, 3), repeated]);
    expect(run.issues.map((i) => [i.row, i.message.slice(0, 26)])).toEqual([[15, 'Same email as row 5; both ']]);
    expect(run.counts).toMatchObject({ read: 14, created: 10, unchanged: 4 });
    expect(run.transformed).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it("fingerprints rows with their place when a step depends on it (an admin's fix of row 3 is not a fix of the same cells elsewhere)", async () => {
    const ws = await newWorkspace(db);
    const fixed = (pipeline: PipelineDocument): PipelineDocument => ({
      ...pipeline, steps: [{ use: 'row-fixes', config: { fixes: { 3: { 'First name': 'Fixed' } } } }, ...pipeline.steps],
    });
    const run = async (lines: string[]) => {
      const text = [HEADER, ...lines].join('\n') + '\n';
      transformed.length = 0;
      const input = { label: 'people.csv', open: () => Readable.from([Buffer.from(text)]) };
      const result = await engine.execute({ workspaceId: ws.id, pipeline: fixed(pipelineFor()), input });
      return { ...result, transformed: [...transformed] };
    };
    await run(people(3));
    expect((await contactsOf(ws.id)).find((c) => c.email === 'person1@example.com')?.first_name).toBe('Fixed');
    expect((await run(people(3))).transformed).toEqual([]);
    // One row more at the top: person1's cells are now row 4, which no fix names.
    const shifted = await run(['someone@example.com,Someone,,', ...people(3)]);
    expect(shifted.transformed).toEqual([2, 3, 4, 5]);
    expect((await contactsOf(ws.id)).find((c) => c.email === 'person1@example.com')?.first_name).toBe('Name1');
  });

  it('in a dry-run, classifies a recognised row after an earlier row that would change its contact as that row would find it', async () => {
    const ws = await newWorkspace(db);
    await importLines(ws.id, people(6));
    const lines = ['person5@example.com,Changed,,', ...people(6)];
    const dry = await importLines(ws.id, lines, { dryRun: true });
    const real = await importLines(ws.id, lines);
    expect(dry.counts).toEqual({ ...real.counts });
    expect(real.counts).toMatchObject({ read: 7, updated: 2, unchanged: 5 });
    expect((await contactsOf(ws.id)).find((c) => c.email === 'person5@example.com')?.first_name).toBe('Name5');
  });
});
