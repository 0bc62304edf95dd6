import { EmailOutboxStore, EmailRateStore, type Database } from '@ferry/domain';
import { randomUUID } from 'node:crypto';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp-sink';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { smtpTransport, type MailTransport } from '../src/mail-transport';
import { SendDueEmails, type SenderSettings } from '../src/send-due-emails.use-case';
import { TemplateCatalog } from '../src/template-catalog';

/* The sender against real PostgreSQL and a real SMTP server on loopback. */

let db: Database;
let smtp: SmtpSink;
const transports: MailTransport[] = [];
const catalog = new TemplateCatalog();

beforeAll(async () => {
  db = await openTestDatabase();
  smtp = await startSmtpSink();
});
afterEach(() => {
  smtp.mails.length = 0;
  smtp.setMode('accept');
});
afterAll(async () => {
  for (const t of transports) t.close();
  await smtp.close();
  await db.close();
});

const settings = (over: Partial<SenderSettings> = {}): SenderSettings => ({
  FERRY_SMTP_FROM: 'School <hello@school.example>', FERRY_APP_URL: 'https://learn.example.com', FERRY_EMAIL_RATE_PER_MINUTE: 1000,
  FERRY_EMAIL_MAX_ATTEMPTS: 3, FERRY_EMAIL_RETRY_MS: 0, FERRY_EMAIL_LEASE_MS: 60_000, ...over,
});

function sender(over: Partial<SenderSettings> = {}): SendDueEmails {
  const transport = smtpTransport({ FERRY_SMTP_HOST: '127.0.0.1', FERRY_SMTP_PORT: smtp.port })!;
  transports.push(transport);
  return new SendDueEmails(db, transport, catalog, settings(over));
}

/** A workspace with `count` contacts and an activation email queued for each, as an import's run would leave them. */
async function queued(count: number): Promise<{ workspaceId: string; runId: string }> {
  const { id: workspaceId } = await newWorkspace(db, 'sender');
  const runId = randomUUID();
  const rows = await db.sql.query<{ id: string }>(
    `insert into contact (workspace_id, email, email_key, first_name)
     select ?, 'p' || i || '@example.com', 'p' || i || '@example.com', 'Person ' || i from generate_series(1, ?) as i returning id`,
    [workspaceId, count],
  );
  await new EmailOutboxStore(db.sql).enqueue(workspaceId, runId, { template: 'activation' }, rows.map((r) => ({ contactId: r.id })));
  return { workspaceId, runId };
}

describe('sending the outbox', () => {
  it('sends each message once, and a second pass finds nothing more to send', async () => {
    const { workspaceId, runId } = await queued(3);
    expect(await sender().execute({ workspaceId })).toMatchObject({ sent: 3, failed: 0, retrying: 0 });
    expect(await sender().execute({ workspaceId })).toMatchObject({ sent: 0 });
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['p1@example.com', 'p2@example.com', 'p3@example.com']);
    expect(smtp.mails[0]).toMatchObject({ from: 'hello@school.example', subject: expect.stringContaining('account is ready') });
    expect(await new EmailOutboxStore(db.sql).countsForRun(workspaceId, runId)).toEqual({ queued: 0, sent: 3, failed: 0 });
  });

  it('never sends one message twice when two senders work at once', async () => {
    const { workspaceId } = await queued(60);
    const [a, b] = await Promise.all([sender(), sender()].map(async (s) => {
      let total = 0;
      for (let pass = await s.execute({ workspaceId }); pass.sent > 0; pass = await s.execute({ workspaceId })) total += pass.sent;
      return total;
    }));
    expect(a + b).toBe(60);
    expect(new Set(smtp.mails.map((m) => m.to[0])).size).toBe(60);
    expect(smtp.mails).toHaveLength(60);
  });

  it("keeps to the workspace's rate: a full minute's worth at once, the rest later", async () => {
    const { workspaceId, runId } = await queued(8);
    await new EmailRateStore(db.sql).setRate(workspaceId, 5, 5);
    const pass = await sender().execute({ workspaceId });
    expect(pass).toMatchObject({ sent: 5, rateLimited: false });
    const next = await sender().execute({ workspaceId });
    // 5 a minute: the next token comes in about 12 seconds.
    expect(next).toMatchObject({ sent: 0, rateLimited: true });
    expect(next.waitMs).toBeGreaterThan(10_000);
    expect(await new EmailOutboxStore(db.sql).countsForRun(workspaceId, runId)).toEqual({ queued: 3, sent: 5, failed: 0 });
  });

  it('retries a message the server refuses for now, and gives up on one it refuses for good', async () => {
    const { workspaceId, runId } = await queued(1);
    smtp.setMode({ refuse: 451 });
    expect(await sender().execute({ workspaceId })).toMatchObject({ sent: 0, retrying: 1 });
    smtp.setMode('accept');
    expect(await sender().execute({ workspaceId })).toMatchObject({ sent: 1 });
    const [sent] = await new EmailOutboxStore(db.sql).listForRun(workspaceId, runId);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, error: null });

    const refused = await queued(1);
    smtp.setMode({ refuse: 550 });
    expect(await sender().execute({ workspaceId: refused.workspaceId })).toMatchObject({ failed: 1 });
    const [failed] = await new EmailOutboxStore(db.sql).listForRun(refused.workspaceId, refused.runId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('550') });
  });

  it('gives up after the last attempt', async () => {
    const { workspaceId, runId } = await queued(1);
    smtp.setMode({ refuse: 421 });
    const s = sender({ FERRY_EMAIL_MAX_ATTEMPTS: 2 });
    expect(await s.execute({ workspaceId })).toMatchObject({ retrying: 1 });
    expect(await s.execute({ workspaceId })).toMatchObject({ failed: 1 });
    expect((await new EmailOutboxStore(db.sql).listForRun(workspaceId, runId))[0]).toMatchObject({ status: 'failed', attempts: 2 });
  });
});
