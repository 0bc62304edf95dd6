import { CatalogStore, ContentStore, CustomFieldStore, RunStore, type Database } from '@ferry/domain';
import { RunPipeline, type PipelineDocument, type PluginRef } from '@ferry/engine';
import { PluginRegistry, type Plugin, type SourceInput } from '@ferry/sdk';
import { randomUUID } from 'node:crypto';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { courseEnrollmentSink } from '../../sink-course-enrollment';
import { peopleSink } from '../../sink-people';
import { progressSink } from '../../sink-progress';
import { mapColumnsStep } from '../../step-map-columns';
import { normalizeEmailStep } from '../../step-normalize-email';
import { normalizePhoneStep } from '../../step-normalize-phone';
import { tagsStep } from '../../step-tags';
import { jsonExportSource } from '..';
import { exportInput } from './read';
import { completions, exportDocument, exportNdjson, grants, people } from './sample-export';

let db: Database;
let engine: RunPipeline;
beforeAll(async () => {
  db = await openTestDatabase();
  engine = new RunPipeline(
    db,
    new PluginRegistry([jsonExportSource, mapColumnsStep, normalizeEmailStep, normalizePhoneStep, tagsStep, peopleSink, courseEnrollmentSink, progressSink] as Plugin[]),
  );
});
afterAll(() => db.close());

/** The steps `ferry import` puts before each sink; map-columns maps every column by suggestion. */
const STEPS: Record<string, PluginRef[]> = {
  people: [{ use: 'normalize-email', config: { required: false } }, { use: 'normalize-phone' }, { use: 'tags' }],
  'course-enrollment': [{ use: 'normalize-email' }, { use: 'normalize-phone' }, { use: 'tags' }],
  progress: [{ use: 'normalize-email' }],
};

const pipeline = (kind: string, sink: string, batchSize = 1000): PipelineDocument => ({
  name: `Import of the ${kind} of an export`,
  source: { use: 'json-export', config: { kind } },
  steps: [{ use: 'map-columns' }, ...STEPS[sink]],
  sink: { use: sink },
  options: { batchSize },
});

const run = (workspaceId: string, input: SourceInput, kind: string, sink: string, batchSize?: number) =>
  engine.execute({ workspaceId, pipeline: pipeline(kind, sink, batchSize), input });

/** A workspace with the custom field, the offer and the content tree the sample export names. */
async function schoolWorkspace() {
  const ws = await newWorkspace(db, 'json-export');
  await new CustomFieldStore(db.sql).add(ws.id, { key: 'shoe_size', type: 'number' });
  const catalog = new CatalogStore(db.sql);
  const piano = await catalog.addProduct(ws.id, 'Piano');
  await catalog.addOffer(ws.id, 'Piano for beginners', ['Piano']);
  const [programme, journey, activity, other] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await db.transaction((sql) =>
    new ContentStore(sql).importTree(ws.id, piano, [
      { uuid: programme, title: 'Piano programme', level: 'programme', parentUuid: null, position: 0, where: 'test' },
      { uuid: journey, title: 'Journey 1', level: 'journey', parentUuid: programme, position: 0, where: 'test' },
      { uuid: activity, title: 'Scales', level: 'activity', parentUuid: journey, position: 0, where: 'test' },
      { uuid: other, title: 'Chords', level: 'activity', parentUuid: journey, position: 1, where: 'test' },
    ]),
  );
  return { ...ws, content: { programme, journey, activity, other } };
}

async function contacts(workspaceId: string) {
  return db.sql.query<{ email: string; first_name: string; username: string | null; roles: string[]; tags: string | null; shoe_size: string | null }>(
    `select c.email, c.first_name, c.username, c.roles, c.fields->>'shoe_size' as shoe_size,
            (select string_agg(t.name, ', ' order by t.name) from tag t where t.workspace_id = c.workspace_id and c.tag_ids @> array[t.id]) as tags
       from contact c where c.workspace_id = ? order by c.email_key`,
    [workspaceId],
  );
}

const rowsOf = async <T>(sql: string, workspaceId: string) => db.sql.query<T>(sql, [workspaceId]);

describe('json-export through the engine', () => {
  it('imports the people of an export into the people sink: custom fields, tags, roles and links', async () => {
    const ws = await schoolWorkspace();
    const input = exportInput(exportDocument({ people, grants }), 'export.json');
    const first = await run(ws.id, input, 'people', 'people');
    expect(first).toMatchObject({ status: 'completed', counts: { read: 3, created: 3, failed: 0 } });
    expect(await contacts(ws.id)).toEqual([
      { email: 'ada@example.com', first_name: 'Ada', username: 'ada.l', roles: ['student'], tags: 'piano, spring-2026', shoe_size: '38' },
      { email: 'charlotte@example.com', first_name: 'Charlotte', username: null, roles: ['parent'], tags: null, shoe_size: null },
      { email: 'mary@example.com', first_name: 'Mary', username: null, roles: ['instructor'], tags: 'staff-room', shoe_size: '40' },
    ]);
    const links = await rowsOf<{ link: string }>(
      `select s.email || ' ' || l.kind || ' ' || o.email as link from contact_link l join contact s on s.id = l.student_id join contact o on o.id = l.other_id
        where l.workspace_id = ? order by 1`,
      ws.id,
    );
    expect(links.map((l) => l.link)).toEqual(['ada@example.com instructor mary@example.com', 'ada@example.com parent charlotte@example.com']);
    // Every column was mapped by suggestion, the custom field by its key; the date has no field.
    const settings = (await new RunStore(db.sql).get(ws.id, first.runId))!.settings as { steps: { step: string; mapping: Record<string, { field: string; how: string }>; unmapped: string[] }[] };
    const mapping = settings.steps.find((s) => s.step === 'map-columns')!;
    expect(mapping.mapping.shoe_size).toEqual({ field: 'shoe_size', how: 'suggested' });
    expect(mapping.mapping.role).toEqual({ field: 'role', how: 'suggested' });
    expect(mapping.unmapped).toEqual(['start_date']);

    const again = await run(ws.id, input, 'people', 'people');
    expect(again).toMatchObject({ status: 'completed', counts: { read: 3, created: 0, unchanged: 3 } });
  });

  it('imports the grants of an NDJSON export into course-enrollment', async () => {
    const ws = await schoolWorkspace();
    const result = await run(ws.id, exportInput(exportNdjson({ people, grants }), 'export.ndjson'), 'grants', 'course-enrollment');
    expect(result).toMatchObject({ status: 'completed', counts: { read: 2, created: 2, failed: 0 } });
    const granted = await rowsOf<{ grant: string }>(
      `select c.email || ' → ' || o.name as grant from access_grant g join contact c on c.id = g.contact_id join offer o on o.id = g.offer_id
        where g.workspace_id = ? order by 1`,
      ws.id,
    );
    expect(granted.map((g) => g.grant)).toEqual(['ada@example.com → Piano for beginners', 'mary@example.com → Piano for beginners']);
  });

  it('imports the completions of an export into progress, after its people and grants', async () => {
    const ws = await schoolWorkspace();
    const input = exportInput(exportDocument({ people, grants, completions: completions(ws.content.other, ws.content.journey) }), 'export.json');
    expect((await run(ws.id, input, 'people', 'people')).status).toBe('completed');
    expect((await run(ws.id, input, 'grants', 'course-enrollment')).status).toBe('completed');
    const result = await run(ws.id, input, 'completions', 'progress');
    expect(result).toMatchObject({ status: 'completed', counts: { read: 2, created: 2, failed: 0, warnings: 0 } });
    const done = await rowsOf<{ done: string }>(
      `select n.title || ' ' || to_char(x.completed_on, 'YYYY-MM-DD') as done from completion x join content_node n on n.id = x.node_id
        where x.workspace_id = ? order by n.title`,
      ws.id,
    );
    // The journey completes its activities with its date; Chords keeps its earlier one.
    expect(done.map((d) => d.done)).toEqual(['Chords 2026-03-14', 'Journey 1 2026-03-20', 'Scales 2026-03-20']);
  });

  it('commits the batches before a cut-off record, then marks the run failed naming where the export breaks', async () => {
    const ws = await schoolWorkspace();
    const many = Array.from({ length: 7 }, (_, i) => ({ email: `person${i + 1}@example.com`, first_name: `Person ${i + 1}`, roles: ['student'], tags: [], fields: {} }));
    const text = exportDocument({ people: many });
    const cut = text.slice(0, text.indexOf('"Person 6"'));
    const result = await run(ws.id, exportInput(cut, 'export.json', 256), 'people', 'people', 2);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'truncated_export' });
    expect(result.error!.message).toMatch(/^"export.json" ends inside people #6 \(the file stops at line \d+, column \d+\): it was cut short/);
    const run_ = (await new RunStore(db.sql).get(ws.id, result.runId))!;
    expect(run_).toMatchObject({ status: 'failed', error: { code: 'truncated_export' }, checkpointRow: 4 });
    // Batches of two: people 1–4 were committed before the read reached the cut.
    expect((await contacts(ws.id)).map((c) => c.email)).toEqual(['person1@example.com', 'person2@example.com', 'person3@example.com', 'person4@example.com']);
  });

  it('fails before writing anything when the export is broken at its start', async () => {
    const ws = await schoolWorkspace();
    const result = await run(ws.id, exportInput('{"format":"ferry-export","people":[{"email":"a@example.com",,}]}', 'export.json'), 'people', 'people');
    expect(result).toMatchObject({ status: 'failed', error: { code: 'invalid_json' }, counts: { read: 0 } });
    expect(await contacts(ws.id)).toEqual([]);
  });
});
