import { EmailOutboxStore, EmailRateStore, type ClaimedEmail, type Database, type FerryEnv } from '@ferry/domain';
import { FerryError } from '@ferry/sdk';
import { randomUUID } from 'node:crypto';
import type { MailTransport } from './mail-transport';
import { msUntilToken, take } from './rate-limit';
import { renderEmail } from './render-email';
import type { TemplateCatalog } from './template-catalog';

export type SenderSettings = Pick<
  FerryEnv,
  'FERRY_SMTP_FROM' | 'FERRY_APP_URL' | 'FERRY_EMAIL_RATE_PER_MINUTE' | 'FERRY_EMAIL_MAX_ATTEMPTS' | 'FERRY_EMAIL_RETRY_MS' | 'FERRY_EMAIL_LEASE_MS'
>;

export interface SendReport {
  sent: number;
  /** Given up: a permanent refusal, a broken template, or the last attempt failed. */
  failed: number;
  /** Failed for now; queued again for later. */
  retrying: number;
  /** Some workspace had messages due but no allowance left; `waitMs` until it has. */
  rateLimited: boolean;
  waitMs: number;
}

/** Messages one sender claims per workspace per pass: small, so a stopping worker hands few back. */
const CLAIM_BATCH = 20;
const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * One pass over the outbox: for each workspace with messages due, claim as
 * many as its rate allows (the rate bucket and the messages are locked in one
 * transaction, rows other senders hold are skipped), then render and send
 * them one by one and record each result. Any number of processes may run
 * passes at once; none sends a message another holds.
 */
export class SendDueEmails {
  /** Who holds the messages this sender claims (a lease, for SKIP LOCKED's sake and for takeover after a crash). */
  private readonly owner = randomUUID();

  constructor(
    private readonly db: Database,
    private readonly transport: MailTransport,
    private readonly catalog: TemplateCatalog,
    private readonly settings: SenderSettings,
  ) {}

  async execute(options: { workspaceId?: string; signal?: AbortSignal } = {}): Promise<SendReport> {
    const report: SendReport = { sent: 0, failed: 0, retrying: 0, rateLimited: false, waitMs: 0 };
    const outbox = new EmailOutboxStore(this.db.sql);
    for (const workspaceId of await outbox.dueWorkspaces(options.workspaceId)) {
      if (options.signal?.aborted) break;
      const claimed = await this.claim(workspaceId, report);
      for (const [i, message] of claimed.entries()) {
        if (options.signal?.aborted) {
          for (const rest of claimed.slice(i)) await outbox.release(rest.id, this.owner);
          break;
        }
        await this.sendOne(outbox, message, report);
      }
    }
    return report;
  }

  /** Claims what the workspace's allowance permits, in one transaction with its rate bucket. */
  private claim(workspaceId: string, report: SendReport): Promise<ClaimedEmail[]> {
    const perMinuteDefault = this.settings.FERRY_EMAIL_RATE_PER_MINUTE;
    return this.db.transaction(async (sql) => {
      const rates = new EmailRateStore(sql);
      const bucket = await rates.lock(workspaceId, perMinuteDefault);
      if (!bucket) return []; // another sender is claiming for this workspace right now
      const perMinute = bucket.perMinute ?? perMinuteDefault;
      const allowance = { tokens: bucket.tokens, at: bucket.refilledAt };
      const { granted, after } = take(allowance, bucket.now, perMinute, CLAIM_BATCH);
      if (granted === 0) {
        report.rateLimited = true;
        const wait = msUntilToken(allowance, bucket.now, perMinute);
        report.waitMs = report.waitMs ? Math.min(report.waitMs, wait) : wait;
        return [];
      }
      const claimed = await new EmailOutboxStore(sql).claim(workspaceId, granted, { owner: this.owner, ms: this.settings.FERRY_EMAIL_LEASE_MS });
      // Tokens not used (fewer messages due than allowed) stay in the bucket.
      await rates.save(workspaceId, after.tokens + granted - claimed.length, after.at);
      return claimed;
    });
  }

  private async sendOne(outbox: EmailOutboxStore, message: ClaimedEmail, report: SendReport): Promise<void> {
    try {
      const email = await renderEmail(this.db.sql, this.catalog, message, this.settings.FERRY_APP_URL);
      await this.transport.send({
        from: this.settings.FERRY_SMTP_FROM,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: `<${message.token}@${new URL(this.settings.FERRY_APP_URL).hostname || 'ferry'}>`,
      });
    } catch (error) {
      const delay = this.retryDelay(message, error);
      await outbox.markFailed(message.id, this.owner, describe(error), delay);
      if (delay === null) report.failed++;
      else report.retrying++;
      return;
    }
    await outbox.markSent(message.id, this.owner);
    report.sent++;
  }

  /** Null to give up: a broken or missing template, a permanent SMTP refusal (5xx), or no attempts left. */
  private retryDelay(message: ClaimedEmail, error: unknown): number | null {
    if (error instanceof FerryError) return null;
    const code = (error as { responseCode?: number }).responseCode;
    if (code !== undefined && code >= 500 && code < 600) return null;
    if (message.attempts >= this.settings.FERRY_EMAIL_MAX_ATTEMPTS) return null;
    return Math.min(MAX_RETRY_DELAY_MS, this.settings.FERRY_EMAIL_RETRY_MS * 2 ** (message.attempts - 1));
  }
}

function describe(error: unknown): string {
  if (error instanceof FerryError) return `${error.message} (${error.code})`;
  const err = error as { message?: string; code?: string; responseCode?: number };
  return [err.message ?? String(error), err.responseCode ? `(SMTP ${err.responseCode})` : err.code ? `(${err.code})` : ''].filter(Boolean).join(' ');
}
