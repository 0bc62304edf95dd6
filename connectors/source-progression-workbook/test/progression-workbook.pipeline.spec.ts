import { CatalogStore, checkContentTree, ContentStore, RunStore, type Database } from '@ferry/domain';
import { RunPipeline, type PipelineDocument } from '@ferry/engine';
import { PluginRegistry, type Plugin } from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { addContact, grantProducts } from '../../sink-progress/test/learning-fixture';
import { progressSink } from '../../sink-progress';
import { normalizeEmailStep } from '../../step-normalize-email';
import { progressionWorkbookSource, readProgressionContent } from '..';
import { ACTIVITIES, input, JOURNEYS, progressionWorkbook, PROGRAMME } from './workbook-fixture';

let db: Database;
let engine: RunPipeline;
beforeAll(async () => {
  db = await openTestDatabase();
  engine = new RunPipeline(db, new PluginRegistry([progressionWorkbookSource, normalizeEmailStep, progressSink] as Plugin[]));
});
afterAll(() => db.close());

/** The pipeline document the README gives. */
const completionsPipeline = (): PipelineDocument => ({
  name: 'Progression completions',
  source: { use: 'progression-workbook' },
  steps: [{ use: 'normalize-email' }],
  sink: { use: 'progress', config: { dateOrder: 'day-first' } },
  options: { batchSize: 2 },
});

/** What `ferry content import progression.xlsx --product Piano` does with the workbook. */
async function importContent(workspaceId: string, data: Buffer, productName: string) {
  const { entries, problems } = await readProgressionContent(input(data));
  const drafts = checkContentTree(entries, problems);
  expect(problems).toEqual([]);
  return db.transaction(async (sql) => {
    const product = await new CatalogStore(sql).requireProduct(workspaceId, productName);
    return new ContentStore(sql).importTree(workspaceId, product, drafts);
  });
}

async function completions(workspaceId: string): Promise<string[]> {
  const rows = await db.sql.query<{ line: string }>(
    `select c.email || ' ' || n.title || ' ' || x.completed_on::text as line
       from completion x join contact c on c.id = x.contact_id join content_node n on n.id = x.node_id
      where x.workspace_id = ? order by 1`,
    [workspaceId],
  );
  return rows.map((r) => r.line);
}

describe('progression-workbook through the engine', () => {
  it('imports the content tree from the workbook, then the completions into it', async () => {
    const ws = await newWorkspace(db);
    const product = await new CatalogStore(db.sql).addProduct(ws.id, 'Piano');
    const data = await progressionWorkbook();
    expect(await importContent(ws.id, data, 'Piano')).toEqual({ created: 7, updated: 0, unchanged: 0 });
    expect(await importContent(ws.id, data, 'Piano')).toEqual({ created: 0, updated: 0, unchanged: 7 });
    const tree = await new ContentStore(db.sql).tree(ws.id, product.id);
    expect(tree.map((p) => [p.uuid, p.children.map((j) => [j.title, j.children.map((a) => a.uuid)])])).toEqual([
      [PROGRAMME, [['Scales', ACTIVITIES.slice(0, 2)], ['Chords', ACTIVITIES.slice(2)]]],
    ]);

    for (const email of ['ada@example.com', 'alan@example.com']) await grantProducts(db, ws.id, await addContact(db, ws.id, email), [product.id]);
    const result = await engine.execute({ workspaceId: ws.id, pipeline: completionsPipeline(), input: input(data) });
    expect(result).toMatchObject({ status: 'completed_with_errors', counts: { read: 5, created: 3, failed: 2 } });
    expect(await completions(ws.id)).toEqual([
      'ada@example.com C major 2026-03-01',
      'ada@example.com Chords 2026-03-05',
      'ada@example.com Sevenths 2026-03-05',
      'ada@example.com Triads 2026-03-05',
      'alan@example.com C major 2026-03-02',
      'alan@example.com Chords 2026-03-02',
      'alan@example.com G major 2026-03-02',
      'alan@example.com Piano 2026-03-02',
      'alan@example.com Scales 2026-03-02',
      'alan@example.com Sevenths 2026-03-02',
      'alan@example.com Triads 2026-03-02',
    ]);
    const issues = await new RunStore(db.sql).issues(ws.id, result.runId);
    expect(issues.map((i) => [i.sheet, i.row, i.code, i.column, i.value])).toEqual([
      ['Completions', 5, 'unknown_content', 'uuid', 'not-a-uuid'],
      ['Completions', 6, 'unknown_contact', 'email', 'nobody@example.com'],
    ]);

    const again = await engine.execute({ workspaceId: ws.id, pipeline: completionsPipeline(), input: input(data) });
    expect(again.counts).toMatchObject({ created: 0, unchanged: 3, failed: 2 });
  });

  it('fails a workbook whose Completions sheet lacks a column before writing anything', async () => {
    const ws = await newWorkspace(db);
    const data = await progressionWorkbook({ Completions: [['email', 'content'], ['ada@example.com', ACTIVITIES[0]]] });
    const result = await engine.execute({ workspaceId: ws.id, pipeline: completionsPipeline(), input: input(data) });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'missing_column', message: expect.stringContaining('"uuid"') }, counts: { read: 0 } });
    expect(await completions(ws.id)).toEqual([]);
  });

  it('stops a content import whose journey names no programme, naming sheet and row', async () => {
    const data = await progressionWorkbook({ Journeys: [['uuid', 'title', 'parent_uuid'], [JOURNEYS[0], 'Scales', ''], [JOURNEYS[1], 'Chords', PROGRAMME]] });
    const { entries, problems } = await readProgressionContent(input(data));
    checkContentTree(entries, problems);
    expect(problems).toEqual([expect.stringMatching(/^sheet "Journeys" row 2 .*a journey belongs in a programme; it has no parent/)]);
  });
});
