import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeContactsFile } from '../support/contacts-file';
import { runFerry } from '../support/run-ferry';
import { Client } from 'pg';
import { TEST_DATABASE_URL, uniqueSlug } from '../support/test-database';
import { startWorker, TEST_REDIS_URL, type WorkerProcess } from '../support/run-worker';

/*
 * Runs as jobs: `ferry import` with REDIS_URL queues the run, `ferry-worker`
 * processes execute it. Real Redis, real PostgreSQL, real processes — killed
 * for real.
 */
jest.setTimeout(180_000);

const dir = mkdtempSync(path.join(tmpdir(), 'ferry-worker-'));
// Each test file run gets its own queue keys, so nothing else on this Redis takes its jobs.
const queueEnv = { REDIS_URL: TEST_REDIS_URL, FERRY_QUEUE_PREFIX: `ferry-test-${process.pid}` };
const workerEnv = { ...queueEnv, FERRY_JOB_LOCK_MS: '2000', FERRY_BATCH_SIZE: '500' };
const workers: WorkerProcess[] = [];
afterEach(async () => {
  for (const worker of workers.splice(0)) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
});

async function worker(): Promise<WorkerProcess> {
  const started = await startWorker(workerEnv);
  workers.push(started);
  return started;
}

const queued = (workspace: string, args: string[]) => runFerry(args, { workspace, env: queueEnv });
const inline = (workspace: string, args: string[]) => runFerry(args, { workspace });

/** What a workspace ends with: its contacts (sorted) and the run's counts and issues. */
async function endState(workspace: string, runId: string) {
  const contacts = (await inline(workspace, ['contacts', '--json'])).json<{ email: string }[]>();
  const run = (await inline(workspace, ['runs', 'show', runId, '--json'])).json();
  return {
    contacts: contacts.sort((a, b) => a.email.localeCompare(b.email)),
    status: run.status,
    counts: run.counts,
    issues: run.issues.map(({ row, column, value, code, severity }: Record<string, unknown>) => ({ row, column, value, code, severity })),
  };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runRecord(workspace: string, runId: string) {
  return (await inline(workspace, ['runs', 'show', runId, '--json'])).json();
}

describe('runs as jobs on BullMQ', () => {
  it('queues an import for a worker and follows it to the same result as running it inline', async () => {
    const file = path.join(dir, 'small.csv');
    writeContactsFile(file, 3000);
    await worker();
    const viaQueue = uniqueSlug('queued');
    const result = await queued(viaQueue, ['import', file, '--map', 'Groups=tags', '--json']);
    expect(result.code).toBe(3);
    const viaWorker = result.json();
    expect(viaWorker.status).toBe('completed_with_errors');

    const here = uniqueSlug('inline');
    const direct = (await inline(here, ['import', file, '--map', 'Groups=tags', '--json'])).json();
    expect(viaWorker.counts).toEqual(direct.counts);
    expect(await endState(viaQueue, viaWorker.runId)).toEqual(await endState(here, direct.runId));
  });

  it('finishes a run whose worker was killed with SIGKILL, ending exactly as a run that never crashed', async () => {
    // CI kills a 60,000-row run; FERRY_CRASH_TEST_ROWS=1000000 runs the same test at full size.
    const total = Number(process.env.FERRY_CRASH_TEST_ROWS ?? 60_000);
    const file = path.join(dir, 'large.csv');
    writeContactsFile(file, total);
    const first = await worker();
    const workspace = uniqueSlug('killed');
    const { runId } = (await queued(workspace, ['import', file, '--map', 'Groups=tags', '--detach', '--json'])).json();

    // Kill it once a few batches are committed, mid-file.
    await waitFor(async () => ((await runRecord(workspace, runId)).counts.read >= total / 10 ? true : undefined), 'the first batches', 600_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await runRecord(workspace, runId);
    expect(atKill.status).toBe('running');
    expect(atKill.counts.read).toBeLessThan(total);

    // Another worker notices the job stalled and goes on from the checkpoint.
    await worker();
    const followed = await queued(workspace, ['runs', 'show', runId, '--follow', '--json']);
    expect(followed.json().status).toBe('completed_with_errors');

    const reference = uniqueSlug('uncrashed');
    const direct = (await inline(reference, ['import', file, '--map', 'Groups=tags', '--json'])).json();
    const crashed = await endState(workspace, runId);
    const clean = await endState(reference, direct.runId);
    expect(crashed.counts).toMatchObject({ read: total, failed: total / 50 });
    expect(crashed).toEqual(clean);
  }, Number(process.env.FERRY_CRASH_TEST_ROWS ?? 0) > 100_000 ? 1_800_000 : undefined);

  it('cancels a running run after its current batch; committed batches stay and the run says how far it got', async () => {
    // Large enough, in small batches, that the run is still going when `ferry runs cancel` (a process) arrives.
    const file = path.join(dir, 'cancel.csv');
    writeContactsFile(file, 200_000);
    await worker();
    const workspace = uniqueSlug('cancel');
    const { runId } = (await queued(workspace, ['import', file, '--batch-size', '200', '--detach', '--json'])).json();
    await waitFor(async () => ((await runRecord(workspace, runId)).counts.read >= 2000 ? true : undefined), 'the run to start');

    const cancel = await inline(workspace, ['runs', 'cancel', runId.slice(0, 8)]);
    expect(cancel.code).toBe(0);
    const run = (await inline(workspace, ['runs', 'show', runId, '--follow', '--json'])).json();
    expect(run.status).toBe('cancelled');
    expect(run.counts.read).toBeLessThan(200_000);
    expect(run.checkpointRow).toBe(run.counts.read + 1);
    const contacts = (await inline(workspace, ['contacts', '--json'])).json();
    expect(contacts).toHaveLength(run.counts.created);

    const again = await inline(workspace, ['runs', 'cancel', runId]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('has already ended (cancelled)');
  });

  it('on SIGTERM stops after the current batch and hands the run back to the queue for the next worker', async () => {
    const file = path.join(dir, 'sigterm.csv');
    writeContactsFile(file, 40_000);
    const first = await worker();
    const workspace = uniqueSlug('sigterm');
    const { runId } = (await queued(workspace, ['import', file, '--detach', '--json'])).json();
    await waitFor(async () => ((await runRecord(workspace, runId)).counts.read >= 2000 ? true : undefined), 'the run to start');

    first.child.kill('SIGTERM');
    // Nest re-raises the signal once its shutdown hooks are done: ending by SIGTERM is the graceful end.
    expect(await first.exited).toBe('SIGTERM');
    expect(first.output()).not.toMatch(/error/i);
    const handedBack = await runRecord(workspace, runId);
    expect(handedBack.status).toBe('running');
    expect(handedBack.counts.read).toBeLessThan(40_000);

    await worker();
    const run = (await queued(workspace, ['runs', 'show', runId, '--follow', '--json'])).json();
    expect(run.status).toBe('completed_with_errors');
    expect(run.counts.read).toBe(40_000);
    expect((await inline(workspace, ['contacts', '--json'])).json()).toHaveLength(run.counts.created);
  });
});

describe('transient failures and concurrent runs', () => {
  it('retries a run whose database connections were cut mid-file, going on from its checkpoint to the same end', async () => {
    const file = path.join(dir, 'flaky.csv');
    writeContactsFile(file, 30_000);
    // The worker's connections carry a name, so the test cuts only them (other tests share this database).
    const appName = `ferry-flaky-${process.pid}`;
    workers.push(await startWorker({ ...workerEnv, PGAPPNAME: appName }));
    const workspace = uniqueSlug('flaky');
    const { runId } = (await queued(workspace, ['import', file, '--map', 'Groups=tags', '--detach', '--json'])).json();
    await waitFor(async () => ((await runRecord(workspace, runId)).counts.read >= 3000 ? true : undefined), 'the first batches');

    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query('select pg_terminate_backend(pid) as cut from pg_stat_activity where application_name = $1', [appName]);
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }

    const run = (await queued(workspace, ['runs', 'show', runId, '--follow', '--json'])).json();
    // The whole run on failure: its error says why it was not retried.
    expect(run).toMatchObject({ status: 'completed_with_errors' });
    const reference = uniqueSlug('unbroken');
    const direct = (await inline(reference, ['import', file, '--map', 'Groups=tags', '--json'])).json();
    expect(await endState(workspace, runId)).toEqual(await endState(reference, direct.runId));
  });

  it('two runs of the same file at the same time create no duplicates', async () => {
    const file = path.join(dir, 'twice.csv');
    writeContactsFile(file, 5000);
    workers.push(await startWorker(workerEnv), await startWorker(workerEnv));
    const workspace = uniqueSlug('twice');
    const [a, b] = await Promise.all([1, 2].map(async () => (await queued(workspace, ['import', file, '--detach', '--json'])).json().runId as string));
    const [runA, runB] = await Promise.all([a, b].map(async (id) => (await queued(workspace, ['runs', 'show', id, '--follow', '--json'])).json()));
    expect([runA.status, runB.status]).toEqual(['completed_with_errors', 'completed_with_errors']);
    const contacts = (await inline(workspace, ['contacts', '--json'])).json<{ email: string }[]>();
    expect(new Set(contacts.map((c) => c.email.toLowerCase())).size).toBe(contacts.length);
    // Each contact is counted created by the one run that inserted it; the other run merged into it.
    expect(contacts.length).toBe(runA.counts.created + runB.counts.created);
  });
});

describe('a per-workspace concurrency limit', () => {
  it("runs one school's imports one at a time while another school's run goes ahead", async () => {
    const file = path.join(dir, 'limit.csv');
    writeContactsFile(file, 30_000);
    const small = path.join(dir, 'limit-small.csv');
    writeContactsFile(small, 500);
    const limited = { ...workerEnv, FERRY_JOB_LOCK_MS: '15000', FERRY_WORKSPACE_CONCURRENCY: '1', FERRY_WORKER_CONCURRENCY: '4' };
    workers.push(await startWorker(limited), await startWorker(limited));
    const busy = uniqueSlug('busy');
    const other = uniqueSlug('other');
    const enqueue = async (workspace: string, input: string) => (await queued(workspace, ['import', input, '--detach', '--json'])).json().runId as string;
    const busyRuns = await Promise.all([enqueue(busy, file), enqueue(busy, file), enqueue(busy, file)]);
    const otherRun = await enqueue(other, small);

    const finished = async (workspace: string, runId: string) => {
      const run = await waitFor(async () => {
        const record = await runRecord(workspace, runId);
        return ['completed', 'completed_with_errors'].includes(record.status) ? record : undefined;
      }, `run ${runId}`, 120_000);
      return [Date.parse(run.startedAt), Date.parse(run.finishedAt)] as const;
    };
    const spans = await Promise.all(busyRuns.map((id) => finished(busy, id)));
    const otherSpan = await finished(other, otherRun);
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
    // The other school did not wait for all three.
    expect(otherSpan[0]).toBeLessThan(spans[spans.length - 1][0]);
  });
});
