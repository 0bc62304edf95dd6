import { runFerry } from '../support/run-ferry';
import { scratchFiles } from '../support/cli-session';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { uniqueSlug } from '../support/test-database';
import { startWorker, TEST_REDIS_URL, type WorkerProcess } from '../support/run-worker';

/*
 * Emails sent by `ferry-worker` processes, one of them killed for real
 * between the outbox being written and the emails going out.
 */
jest.setTimeout(120_000);

let smtp: SmtpSink;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(async () => {
  for (const worker of workers) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
  await smtp.close();
});

const queueEnv = { REDIS_URL: TEST_REDIS_URL, FERRY_QUEUE_PREFIX: `ferry-notify-${process.pid}` };
// Short leases: a dead worker's messages are taken over within seconds.
const workerEnv = () => ({ ...queueEnv, ...smtp.env, FERRY_JOB_LOCK_MS: '2000', FERRY_EMAIL_LEASE_MS: '2000', FERRY_EMAIL_POLL_MS: '200' });
const file = scratchFiles('ferry-notify-worker');

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('emails from workers', () => {
  it('after a worker is killed between writing and sending, each message arrives exactly once', async () => {
    const ws = uniqueSlug('killed-mail');
    // A domain of this test's own: a worker sends every workspace's due emails, and the test database holds other tests' too.
    const domain = `${ws}.example.com`;
    const rows = Array.from({ length: 10 }, (_, i) => `pupil${i}@${domain},Pupil${i}`);
    const ours = () => smtp.mails.filter((m) => m.to[0].endsWith(`@${domain}`));
    const input = file('pupils.csv', `Email,First name\n${rows.join('\n')}\n`);

    // The server takes the first message's data and never answers: the worker is mid-send, the rest claimed behind it.
    smtp.setMode('stall');
    const first = await startWorker(workerEnv());
    workers.push(first);
    const run = await runFerry(['import', input, '--notify', '--json'], { workspace: ws, env: queueEnv });
    expect(run.code).toBe(0);
    const { runId, counts } = run.json();
    expect(counts.created).toBe(10);
    await until(() => (smtp.attempts() > 0 ? true : undefined), 'the worker to start sending');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(ours()).toHaveLength(0);
    const atKill = (await runFerry(['runs', 'show', runId, '--json'], { workspace: ws })).json();
    expect(atKill.emails).toEqual({ queued: 10, sent: 0, failed: 0 });

    smtp.setMode('accept');
    workers.push(await startWorker(workerEnv()));
    await until(() => (ours().length >= 10 ? true : undefined), 'the ten emails');
    // Time for a duplicate to show up, were there one.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ours().map((m) => m.to[0]).sort()).toEqual(rows.map((r) => r.split(',')[0]).sort());
    const listed = (await runFerry(['emails', 'list', '--run', runId, '--json'], { workspace: ws })).json<{ status: string }[]>();
    expect(listed.map((m) => m.status)).toEqual(Array(10).fill('sent'));
    expect((await runFerry(['runs', 'show', runId, '--json'], { workspace: ws })).json().emails).toEqual({ queued: 0, sent: 10, failed: 0 });
  });
});
