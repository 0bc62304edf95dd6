import { emptyCounts, RunLeaseLostError, RunStore, type Database } from '@ferry/domain';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const batch = { ...emptyCounts(), read: 10, created: 10 };

describe('run leases: one process executes a run at a time', () => {
  it('lets another process take a run over only once its lease ran out, and then commits nothing more for the first', async () => {
    const ws = await newWorkspace(db);
    const runs = new RunStore(db.sql);
    const first = { owner: 'worker-a', ms: 300 };
    const second = { owner: 'worker-b', ms: 60_000 };
    const runId = await runs.create(ws.id, { name: 'lease', sink: 'crm-contacts', dryRun: false, settings: {}, queued: true });
    expect(await runs.claim(ws.id, runId, first)).toBe(true);
    expect(await runs.claim(ws.id, runId, second)).toBe(false);

    await runs.recordBatch(ws.id, runId, [], batch, 11, first);
    expect(await runs.reopen(ws.id, runId, second)).toBe(false);

    await sleep(400); // worker-a stalls past its lease
    expect(await runs.reopen(ws.id, runId, second)).toBe(true);
    await expect(runs.recordBatch(ws.id, runId, [], batch, 21, first)).rejects.toBeInstanceOf(RunLeaseLostError);
    await runs.finish(ws.id, runId, 'completed', undefined, first);

    const run = (await runs.get(ws.id, runId))!;
    expect(run.status).toBe('running');
    expect(run.counts.read).toBe(10);
    expect(run.checkpointRow).toBe(11);

    await runs.recordBatch(ws.id, runId, [], batch, 21, second);
    await runs.finish(ws.id, runId, 'completed', undefined, second);
    expect(await runs.get(ws.id, runId)).toMatchObject({ status: 'completed', counts: expect.objectContaining({ read: 20 }), checkpointRow: 21 });
  });

  it('cancels a queued run at once, and asks a running one to stop at its next batch', async () => {
    const ws = await newWorkspace(db);
    const runs = new RunStore(db.sql);
    const queued = await runs.create(ws.id, { name: 'q', sink: 'crm-contacts', dryRun: false, settings: {}, queued: true });
    expect(await runs.requestCancel(ws.id, queued)).toBe('cancelled');
    expect(await runs.claim(ws.id, queued, { owner: 'w', ms: 1000 })).toBe(false);

    const running = await runs.create(ws.id, { name: 'r', sink: 'crm-contacts', dryRun: false, settings: {}, lease: { owner: 'w', ms: 60_000 } });
    expect(await runs.requestCancel(ws.id, running)).toBe('running');
    expect(await runs.recordBatch(ws.id, running, [], batch, 11, { owner: 'w', ms: 60_000 })).toEqual({ cancelRequested: true });

    const other = await newWorkspace(db);
    expect(await runs.requestCancel(other.id, running)).toBeUndefined();
  });

  it('cancels a run waiting for its retry after a lost connection, so no retry takes it up again; a final failure stays failed', async () => {
    const ws = await newWorkspace(db);
    const runs = new RunStore(db.sql);
    const lease = { owner: 'w', ms: 60_000 };
    const waiting = await runs.create(ws.id, { name: 'w', sink: 'crm-contacts', dryRun: false, settings: {}, lease });
    await runs.recordBatch(ws.id, waiting, [], batch, 11, lease);
    await runs.finish(ws.id, waiting, 'failed', { code: 'connection_lost', message: 'gone', retryable: true }, lease);
    expect(await runs.requestCancel(ws.id, waiting)).toBe('cancelled');
    expect(await runs.reopen(ws.id, waiting, { owner: 'retry', ms: 1000 })).toBe(false);
    expect(await runs.get(ws.id, waiting)).toMatchObject({ status: 'cancelled', counts: expect.objectContaining({ read: 10 }) });

    const final = await runs.create(ws.id, { name: 'f', sink: 'crm-contacts', dryRun: false, settings: {}, lease });
    await runs.finish(ws.id, final, 'failed', { code: 'bad_file', message: 'unreadable' }, lease);
    expect(await runs.requestCancel(ws.id, final)).toBe('failed');
  });

  it('finds the runs a process left unfinished, and marks its dead dry-runs failed, to be validated again', async () => {
    const ws = await newWorkspace(db);
    const runs = new RunStore(db.sql);
    const gone = { owner: 'dead', ms: 1 };
    const queued = await runs.create(ws.id, { name: 'q', sink: 'crm-contacts', dryRun: false, settings: {}, queued: true });
    const crashed = await runs.create(ws.id, { name: 'c', sink: 'crm-contacts', dryRun: false, settings: {}, lease: gone });
    const deadCheck = await runs.create(ws.id, { name: 'd', sink: 'crm-contacts', dryRun: true, settings: {}, lease: gone });
    const alive = await runs.create(ws.id, { name: 'a', sink: 'crm-contacts', dryRun: false, settings: {}, lease: { owner: 'alive', ms: 60_000 } });
    const done = await runs.create(ws.id, { name: 'f', sink: 'crm-contacts', dryRun: false, settings: {}, lease: gone });
    await runs.finish(ws.id, done, 'completed');
    for (const id of [queued, crashed, deadCheck, alive, done]) await runs.markInline(ws.id, id);
    const queuedElsewhere = await runs.create(ws.id, { name: 'w', sink: 'crm-contacts', dryRun: false, settings: {}, queued: true });
    await sleep(20);

    const found = (await runs.abandoned()).filter((r) => r.workspaceId === ws.id).map((r) => r.id);
    // A run queued for workers is theirs to take up, not this process's.
    expect(found.sort()).toEqual([queued, crashed].sort());
    expect((await runs.get(ws.id, queuedElsewhere))!.status).toBe('queued');
    expect(await runs.get(ws.id, deadCheck)).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    expect((await runs.get(ws.id, alive))!.status).toBe('running');
  });
});

