import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeContactsFile } from '../support/contacts-file';
import { runFerry } from '../support/run-ferry';
import { startWorker, TEST_REDIS_URL, type WorkerProcess } from '../support/run-worker';
import { uniqueSlug } from '../support/test-database';

/* Scheduled syncs with real workers on real Redis and PostgreSQL. */
jest.setTimeout(120_000);

const dir = mkdtempSync(path.join(tmpdir(), 'ferry-schedules-'));
const queueEnv = { REDIS_URL: TEST_REDIS_URL, FERRY_QUEUE_PREFIX: `ferry-sched-${process.pid}` };
const workers: WorkerProcess[] = [];
afterEach(async () => {
  for (const worker of workers.splice(0)) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
});

const pipelineFile = path.join(dir, 'contacts-sync.json');
writeFileSync(pipelineFile, JSON.stringify({
  name: 'Contacts export sync',
  source: { use: 'csv' },
  steps: [{ use: 'map-columns', config: { mapping: { Groups: 'tags' } } }, { use: 'normalize-email' }, { use: 'tags' }, { use: 'dedupe' }],
  sink: { use: 'crm-contacts' },
}));

const ferry = (workspace: string, args: string[]) => runFerry(args, { workspace, env: queueEnv });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function scheduleRuns(workspace: string, name: string) {
  return (await ferry(workspace, ['schedules', 'show', name, '--json'])).json();
}

async function settled(workspace: string, name: string) {
  for (let i = 0; i < 100; i++) {
    const shown = await scheduleRuns(workspace, name);
    if (shown.runs.every((r: { status: string }) => !['queued', 'running'].includes(r.status))) return shown;
    await sleep(200);
  }
  throw new Error('the schedule’s runs did not end');
}

describe('ferry schedules', () => {
  it('refuses a cron expression or time zone it cannot follow, and manages schedules by name', async () => {
    const ws = uniqueSlug('sched');
    const badCron = await ferry(ws, ['schedules', 'add', 'nightly', '--pipeline', pipelineFile, '--cron', '61 * * * *']);
    expect(badCron.code).toBe(2);
    expect(badCron.stderr).toContain('"61 * * * *" is not a valid cron expression');
    const badZone = await ferry(ws, ['schedules', 'add', 'nightly', '--pipeline', pipelineFile, '--cron', '0 2 * * *', '--tz', 'Mars/Olympus']);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain('"Mars/Olympus" is not a time zone');
    const unknownSink = path.join(dir, 'bad.json');
    writeFileSync(unknownSink, JSON.stringify({ name: 'x', source: { use: 'csv' }, steps: [], sink: { use: 'nowhere' } }));
    expect((await ferry(ws, ['schedules', 'add', 'x', '--pipeline', unknownSink, '--cron', '0 2 * * *'])).code).toBe(2);

    const input = path.join(dir, 'few.csv');
    writeContactsFile(input, 10);
    expect((await ferry(ws, ['schedules', 'add', 'nightly', '--pipeline', pipelineFile, '--input', input, '--cron', '0 2 * * *', '--tz', 'Europe/London'])).code).toBe(0);
    expect((await ferry(ws, ['schedules', 'add', 'nightly', '--pipeline', pipelineFile, '--cron', '0 3 * * *'])).stderr).toContain('already exists');
    expect((await ferry(ws, ['schedules', 'pause', 'nightly'])).code).toBe(0);
    expect((await ferry(ws, ['schedules', 'list', '--json'])).json()).toEqual([
      expect.objectContaining({ name: 'nightly', cron: '0 2 * * *', timezone: 'Europe/London', enabled: false }),
    ]);
    expect((await ferry(ws, ['schedules', 'remove', 'nightly'])).code).toBe(0);
    expect((await ferry(ws, ['schedules', 'list', '--json'])).json()).toEqual([]);
  });

  it('runs each slot exactly once with two workers up', async () => {
    const ws = uniqueSlug('sched');
    const input = path.join(dir, 'small.csv');
    writeContactsFile(input, 200);
    workers.push(await startWorker(queueEnv), await startWorker(queueEnv));
    expect((await ferry(ws, ['schedules', 'add', 'every-2s', '--pipeline', pipelineFile, '--input', input, '--cron', '*/2 * * * * *', '--threshold', 'off'])).code).toBe(0);
    await sleep(9000);
    await ferry(ws, ['schedules', 'pause', 'every-2s']);
    const shown = await settled(ws, 'every-2s');

    const slots = shown.runs.map((r: { name: string }) => r.name).sort();
    expect(slots.length).toBeGreaterThanOrEqual(3);
    expect(new Set(slots).size).toBe(slots.length);
    // The first run created the contacts; every later slot found them unchanged.
    const counts = shown.runs.map((r: { counts: { created: number } }) => r.counts.created).sort((a: number, b: number) => b - a);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts.slice(1).every((c: number) => c === 0)).toBe(true);
    // Both workers were there to take slots; neither ran one twice.
    expect(workers[0].output() + workers[1].output()).toMatch(/completed/);
  });

  it('skips, not stacks, the slots that come while the previous run is still going', async () => {
    const ws = uniqueSlug('sched');
    const input = path.join(dir, 'big.csv');
    writeContactsFile(input, 40_000);
    workers.push(await startWorker({ ...queueEnv, FERRY_WORKER_CONCURRENCY: '4' }));
    await ferry(ws, ['schedules', 'add', 'every-second', '--pipeline', pipelineFile, '--input', input, '--cron', '* * * * * *', '--threshold', 'off']);
    await sleep(5000);
    await ferry(ws, ['schedules', 'pause', 'every-second']);
    const shown = await settled(ws, 'every-second');
    expect(shown.skippedSlots).toBeGreaterThan(0);
    const runs = await Promise.all(shown.runs.map(async (r: { id: string }) => (await ferry(ws, ['runs', 'show', r.id, '--json'])).json()));
    // No two runs of the schedule were ever going at once.
    const spans = runs.map((r) => [Date.parse(r.startedAt), Date.parse(r.finishedAt)]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  });

  it('runs a schedule now, inline, without Redis', async () => {
    const ws = uniqueSlug('sched');
    const input = path.join(dir, 'now.csv');
    writeContactsFile(input, 30);
    const inline = (args: string[]) => runFerry(args, { workspace: ws });
    expect((await inline(['schedules', 'add', 'manual', '--pipeline', pipelineFile, '--input', input, '--cron', '0 2 * * *', '--threshold', 'off'])).code).toBe(0);
    const run = await inline(['schedules', 'run-now', 'manual']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('completed');
    expect((await inline(['contacts', '--json'])).json()).toHaveLength(29); // row 21 repeats row 11's email
  });

  it('holds back a sync that would change more than its threshold until it is approved', async () => {
    const ws = uniqueSlug('sched');
    const inline = (args: string[]) => runFerry(args, { workspace: ws });
    const first = path.join(dir, 'first.csv');
    writeContactsFile(first, 10);
    expect((await inline(['import', first, '--map', 'Groups=tags'])).code).toBe(0);

    // Nine more people and a repeated email that adds tags, against ten held: far past 20%.
    const bigger = path.join(dir, 'bigger.csv');
    writeContactsFile(bigger, 20);
    expect((await inline(['schedules', 'add', 'guarded', '--pipeline', pipelineFile, '--input', bigger, '--cron', '0 2 * * *', '--threshold', '20%'])).code).toBe(0);
    const held = await inline(['schedules', 'run-now', 'guarded']);
    expect(held.code).toBe(0);
    expect(held.stdout).toMatch(/waits for approval: it would create 9 and update 1 of 10 records, more than the schedule's 20%/);
    expect((await inline(['contacts', '--json'])).json()).toHaveLength(10);

    const shown = (await inline(['schedules', 'show', 'guarded', '--json'])).json();
    const waiting = shown.runs.find((r: { status: string }) => r.status === 'awaiting_approval');
    expect(waiting).toBeDefined();
    // Later slots are skipped while it waits, not stacked.
    expect((await inline(['schedules', 'run-now', 'guarded'])).stdout).toContain('Not run: previous run still going.');

    const approved = await inline(['runs', 'approve', waiting.id.slice(0, 8)]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('completed');
    expect((await inline(['contacts', '--json'])).json()).toHaveLength(19);
    expect((await inline(['runs', 'approve', waiting.id])).stderr).toContain('not waiting for approval');

    // A sync within the threshold goes ahead at once.
    expect((await inline(['schedules', 'add', 'small', '--pipeline', pipelineFile, '--input', bigger, '--cron', '0 3 * * *'])).code).toBe(0);
    expect((await inline(['schedules', 'run-now', 'small'])).stdout).toContain('completed');
  });

  it('with workers on Redis: a held-back slot waits in the history and runs once approved', async () => {
    const ws = uniqueSlug('sched');
    const first = path.join(dir, 'seed.csv');
    writeContactsFile(first, 10);
    workers.push(await startWorker(queueEnv));
    expect((await ferry(ws, ['import', first, '--map', 'Groups=tags'])).code).toBe(0);
    const bigger = path.join(dir, 'seed-bigger.csv');
    writeContactsFile(bigger, 20);
    await ferry(ws, ['schedules', 'add', 'guarded', '--pipeline', pipelineFile, '--input', bigger, '--cron', '0 2 * * *']);
    expect((await ferry(ws, ['schedules', 'run-now', 'guarded'])).code).toBe(0);
    let waiting: { id: string } | undefined;
    for (let i = 0; i < 150 && !waiting; i++) {
      await sleep(200);
      waiting = (await scheduleRuns(ws, 'guarded')).runs.find((r: { status: string }) => r.status === 'awaiting_approval');
    }
    expect(waiting).toBeDefined();
    expect((await ferry(ws, ['contacts', '--json'])).json()).toHaveLength(10);

    expect((await ferry(ws, ['runs', 'approve', waiting!.id])).code).toBe(0);
    const run = (await ferry(ws, ['runs', 'show', waiting!.id, '--follow', '--json'])).json();
    expect(run.status).toBe('completed');
    expect((await ferry(ws, ['contacts', '--json'])).json()).toHaveLength(19);
  });
});
