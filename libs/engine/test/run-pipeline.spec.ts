import { RunStore, type Database } from '@ferry/domain';
import {
  createRow, createValues, FatalRunError, PluginRegistry, rejectRow,
  type Row, type SinkPlugin, type SourcePlugin, type StepPlugin,
} from '@ferry/sdk';
import { crmContactsSink } from '../../../connectors/sink-crm-contacts';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { RunPipeline, type PipelineDocument } from '../src';

class NoConfig {}

/** A source of generated rows: `count` people, row numbers from 2 like a spreadsheet. */
const generated: SourcePlugin<NoConfig> = {
  manifest: { kind: 'source', name: 'generated', title: 'Generated', description: 'Test rows.' },
  config: NoConfig,
  async discover() {
    return [{ name: 'generated', columns: [{ key: 'email', header: 'email', index: 0 }] }];
  },
  async *read(_config, context) {
    const count = Number((context.input?.label ?? '0'));
    for (let i = 0; i < count; i++) {
      yield createRow(createValues([['email', i % 10 === 9 ? 'broken' : `person${i}@example.com`]]), { file: 'people.csv', row: i + 2 });
    }
  },
};

/** Rejects rows whose email has no @, like normalize-email does. */
const checkEmail: StepPlugin<NoConfig> = {
  manifest: { kind: 'step', name: 'check-email', title: 'Check', description: 'Test step.' },
  config: NoConfig,
  create: () => ({
    transform(rows: Row[]) {
      for (const row of rows) {
        if (!String(row.values.email).includes('@')) rejectRow(row, { column: 'email', value: row.values.email, code: 'invalid_email', message: 'Not an email.' });
      }
      return rows;
    },
  }),
};

/** A step that refuses to start, as map-columns does when no column is mapped to email. */
const refuse: StepPlugin<NoConfig> = {
  manifest: { kind: 'step', name: 'refuse', title: 'Refuse', description: 'Test step.' },
  config: NoConfig,
  create() {
    throw new FatalRunError('missing_required_field', 'No column is mapped to email.');
  },
};

let db: Database;
let engine: RunPipeline;
beforeAll(async () => {
  db = await openTestDatabase();
  engine = new RunPipeline(db, new PluginRegistry([generated, checkEmail, refuse, crmContactsSink as SinkPlugin<any>]));
});
afterAll(() => db.close());

const pipeline = (overrides: Partial<PipelineDocument> = {}): PipelineDocument => ({
  name: 'Engine test',
  source: { use: 'generated' },
  steps: [{ use: 'check-email' }],
  sink: { use: 'crm-contacts' },
  options: { batchSize: 7 },
  ...overrides,
});
const input = (rows: number) => ({ label: String(rows), open: () => { throw new Error('unused'); } });
const contactCount = async (workspaceId: string) =>
  Number((await db.sql.query<{ n: string }>(`select count(*) as n from contact where workspace_id = ?`, [workspaceId]))[0].n);

describe('RunPipeline', () => {
  it('streams rows in batches, counts every outcome, keeps issues and the last committed row', async () => {
    const ws = await newWorkspace(db);
    const progress: number[] = [];
    const result = await engine.execute({ workspaceId: ws.id, pipeline: pipeline(), input: input(30), onProgress: (p) => progress.push(p.counts.read) });
    expect(result.status).toBe('completed_with_errors');
    expect(result.counts).toMatchObject({ read: 30, created: 27, failed: 3, updated: 0, unchanged: 0, skipped: 0 });
    expect(progress).toEqual([7, 14, 21, 28, 30]);
    const runs = new RunStore(db.sql);
    const run = await runs.get(ws.id, result.runId);
    expect(run).toMatchObject({ status: 'completed_with_errors', checkpointRow: 31, name: 'Engine test' });
    const issues = await runs.issues(ws.id, result.runId);
    expect(issues.map((i) => [i.row, i.column, i.value, i.code])).toEqual([
      [11, 'email', 'broken', 'invalid_email'], [21, 'email', 'broken', 'invalid_email'], [31, 'email', 'broken', 'invalid_email'],
    ]);
    expect(await contactCount(ws.id)).toBe(27);
  });

  it('creates nothing the second time the same rows are imported', async () => {
    const ws = await newWorkspace(db);
    await engine.execute({ workspaceId: ws.id, pipeline: pipeline(), input: input(20) });
    const again = await engine.execute({ workspaceId: ws.id, pipeline: pipeline(), input: input(20) });
    expect(again.counts).toMatchObject({ read: 20, created: 0, unchanged: 18, failed: 2 });
  });

  it('in a dry-run classifies every row and writes only the run record', async () => {
    const ws = await newWorkspace(db);
    const result = await engine.execute({ workspaceId: ws.id, pipeline: pipeline({ options: { dryRun: true, batchSize: 4 } }), input: input(12) });
    expect(result).toMatchObject({ status: 'completed_with_errors', dryRun: true });
    expect(result.counts).toMatchObject({ read: 12, created: 11, failed: 1 });
    expect(await contactCount(ws.id)).toBe(0);
    expect((await new RunStore(db.sql).list(ws.id)).map((r) => [r.dryRun, r.counts.created])).toEqual([[true, 11]]);
  });

  it('fails before writing anything when a step refuses its settings, and says why', async () => {
    const ws = await newWorkspace(db);
    const result = await engine.execute({ workspaceId: ws.id, pipeline: pipeline({ steps: [{ use: 'refuse' }] }), input: input(5) });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'missing_required_field', message: 'No column is mapped to email.' } });
    expect(result.counts.read).toBe(0);
    expect(await contactCount(ws.id)).toBe(0);
    expect((await new RunStore(db.sql).get(ws.id, result.runId))?.status).toBe('failed');
  });

  it('refuses an unknown sink or bad plugin settings before creating a run, naming them', async () => {
    const ws = await newWorkspace(db);
    await expect(engine.execute({ workspaceId: ws.id, pipeline: pipeline({ sink: { use: 'nowhere' } }), input: input(1) }))
      .rejects.toMatchObject({ code: 'unknown_sink', message: expect.stringContaining('crm-contacts') });
    await expect(engine.execute({ workspaceId: ws.id, pipeline: pipeline({ sink: { use: 'crm-contacts', config: { updateExisting: 'perhaps' } } }), input: input(1) }))
      .rejects.toMatchObject({ code: 'invalid_config', message: expect.stringContaining('updateExisting') });
    expect(await new RunStore(db.sql).list(ws.id)).toEqual([]);
  });

  it('when a step breaks mid-file, fails the run but keeps and counts every batch committed before', async () => {
    const ws = await newWorkspace(db);
    const breaksLater: StepPlugin<NoConfig> = {
      manifest: { kind: 'step', name: 'breaks-later', title: 'Breaks', description: 'Test step.' },
      config: NoConfig,
      create: () => ({
        transform(rows: Row[]) {
          // The third batch of 200 starts on row 402.
          if (rows.some((row) => row.at.row >= 402)) throw new Error('disk on fire');
          return rows;
        },
      }),
    };
    const local = new RunPipeline(db, new PluginRegistry([generated, breaksLater, crmContactsSink as SinkPlugin<any>]));
    const result = await local.execute({ workspaceId: ws.id, pipeline: pipeline({ steps: [{ use: 'breaks-later' }], options: { batchSize: 200 } }), input: input(1000) });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'internal_error', message: expect.stringContaining('disk on fire') } });
    const run = await new RunStore(db.sql).get(ws.id, result.runId);
    expect(run?.counts.read).toBe(400);
    expect(result.counts.read).toBe(400);
    expect(await contactCount(ws.id)).toBe(run!.counts.created);
    expect(run?.checkpointRow).toBe(401);
  });

  it('stops at the next batch when cancelled, keeping what was committed', async () => {
    const ws = await newWorkspace(db);
    const controller = new AbortController();
    const result = await engine.execute({
      workspaceId: ws.id, pipeline: pipeline(), input: input(50), signal: controller.signal,
      onProgress: (p) => { if (p.counts.read >= 14) controller.abort(); },
    });
    expect(result.status).toBe('cancelled');
    const run = await new RunStore(db.sql).get(ws.id, result.runId);
    expect(run?.counts.read).toBeGreaterThanOrEqual(14);
    expect(run?.counts.read).toBeLessThan(50);
    expect(await contactCount(ws.id)).toBe(run!.counts.created);
  });
});

describe('RunPipeline.resume', () => {
  /** A source of people where every 7th row repeats an earlier email (so dedupe has memory to rebuild). */
  const people: SourcePlugin<NoConfig> = {
    manifest: { kind: 'source', name: 'people', title: 'People', description: 'Test rows.' },
    config: NoConfig,
    async discover() {
      const headerWarning = { row: 1, file: 'people.csv', code: 'duplicate_header', severity: 'warning' as const, message: 'A header repeats.' };
      return [{ name: 'people', columns: [{ key: 'email', header: 'email', index: 0 }, { key: 'first_name', header: 'first_name', index: 1 }], issues: [headerWarning] }];
    },
    async *read() {
      for (let i = 0; i < 1000; i++) {
        const who = i % 7 === 6 ? i - 6 : i; // row 407 (i = 405) repeats i = 399, across the crash
        yield createRow(createValues([['email', `p${who}@example.com`], ['first_name', `P${i}`]]), { file: 'people.csv', row: i + 2 });
      }
    },
  };
  let crash = false;
  let crashOnBatch = 3;
  /** Fails the run on one batch (of 200) while `crash` is set, like a database gone for a moment. */
  const flaky: StepPlugin<NoConfig> = {
    manifest: { kind: 'step', name: 'flaky', title: 'Flaky', description: 'Test step.' },
    config: NoConfig,
    create: () => ({
      transform: (rows: Row[]) => {
        if (crash && rows.some((row) => row.at.row >= (crashOnBatch - 1) * 200 + 2)) throw new Error('connection lost');
        return rows;
      },
    }),
  };
  const steps = [{ use: 'flaky' }, { use: 'dedupe' }];
  const doc = (): PipelineDocument => ({ name: 'Resume', source: { use: 'people' }, steps, sink: { use: 'crm-contacts' }, options: { batchSize: 200 } });

  it.each([[3, 400], [1, 0]])('ends a run stopped at batch %i (%i rows committed) in the same state as a run that never stopped', async (crashAt, committed) => {
    crashOnBatch = crashAt;
    const { dedupeStep } = await import('../../../connectors/step-dedupe');
    const engine2 = new RunPipeline(db, new PluginRegistry([people, flaky, dedupeStep, crmContactsSink as SinkPlugin<any>]));
    const runs = new RunStore(db.sql);
    const snapshot = async (workspaceId: string, runId: string) => ({
      contacts: await db.sql.query(`select email, first_name from contact where workspace_id = ? order by email`, [workspaceId]),
      run: (({ counts, status, checkpointRow }) => ({ counts, status, checkpointRow }))((await runs.get(workspaceId, runId))!),
      issues: (await runs.issues(workspaceId, runId, '0', 10_000)).map(({ row, code, message }) => ({ row, code, message })),
    });

    const clean = await newWorkspace(db);
    crash = false;
    const cleanRun = await engine2.execute({ workspaceId: clean.id, pipeline: doc() });

    const crashed = await newWorkspace(db);
    crash = true;
    const first = await engine2.execute({ workspaceId: crashed.id, pipeline: doc() });
    expect(first).toMatchObject({ status: 'failed', counts: { read: committed } });
    crash = false;
    const resumed = await engine2.resume({ workspaceId: crashed.id, runId: first.runId });
    expect(resumed.status).toBe(cleanRun.status);
    expect(resumed.counts).toEqual(cleanRun.counts);

    const expected = await snapshot(clean.id, cleanRun.runId);
    expect(expected.issues.length).toBeGreaterThan(100); // the duplicates dedupe reports, some naming rows before the crash
    expect(await snapshot(crashed.id, first.runId)).toEqual(expected);
  });

  it('refuses to resume a run that completed', async () => {
    const ws = await newWorkspace(db);
    const done = await engine.execute({ workspaceId: ws.id, pipeline: pipeline(), input: input(3) });
    await expect(engine.resume({ workspaceId: ws.id, runId: done.runId, input: input(3) })).rejects.toMatchObject({ code: 'run_not_resumable' });
    const other = await newWorkspace(db);
    await expect(engine.resume({ workspaceId: other.id, runId: done.runId })).rejects.toMatchObject({ code: 'unknown_run' });
    const dry = await engine.execute({ workspaceId: ws.id, pipeline: pipeline({ options: { dryRun: true } }), input: input(3) });
    await db.sql.query(`update import_run set status = 'failed' where id = ?`, [dry.runId]);
    await expect(engine.resume({ workspaceId: ws.id, runId: dry.runId, input: input(3) })).rejects.toMatchObject({ code: 'run_not_resumable', message: expect.stringContaining('dry-run') });
  });
});
