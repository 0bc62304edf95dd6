import { EmailOutboxStore, type EmailCounts } from '@ferry/domain';
import type { PipelineDocument } from '@ferry/engine';
import type { FerryContext } from '../ferry-context';
import { UsageError } from '../usage-error';

/** Loaded when needed: handlebars and nodemailer cost start-up time most commands never use. */
const notify = () => import('@ferry/notify');

/** A `--template` that names no template is a usage error before any run starts. */
export async function checkEmailTemplate(ctx: FerryContext, pipeline: PipelineDocument): Promise<void> {
  const template = pipeline.sink.config?.template;
  if (typeof template !== 'string') return;
  const { TemplateCatalog } = await notify();
  if (!(await new TemplateCatalog().exists(ctx.db.sql, ctx.workspaceId, template))) {
    throw new UsageError(`There is no email template "${template}". See: ferry emails templates`);
  }
}

/** Sends the workspace's due emails here and now (no worker), waiting for its rate; undefined without SMTP settings. */
export async function sendHere(ctx: FerryContext, showProgress: boolean): Promise<{ sent: number; failed: number; waiting: number } | undefined> {
  const { drainOutbox, SendDueEmails, smtpTransport, TemplateCatalog } = await notify();
  const transport = smtpTransport(ctx.env);
  if (!transport) return undefined;
  try {
    const sender = new SendDueEmails(ctx.db, transport, new TemplateCatalog(), ctx.env);
    const progress = showProgress ? (p: { sent: number; failed: number }) => process.stderr.write(`\remails: ${p.sent} sent, ${p.failed} failed`) : undefined;
    const report = await drainOutbox(ctx.db, sender, ctx.workspaceId, progress);
    if (showProgress && (report.sent || report.failed)) process.stderr.write('\n');
    return report;
  } finally {
    transport.close();
  }
}

/**
 * After a run: without a worker the CLI sends the run's emails itself, then
 * reports how many are sent, queued and failed (with a hint when they wait).
 */
export async function emailsAfterRun(ctx: FerryContext, runId: string, options: { inline: boolean; showProgress: boolean }): Promise<{ counts: EmailCounts; hint?: string }> {
  const outbox = new EmailOutboxStore(ctx.db.sql);
  let counts = await outbox.countsForRun(ctx.workspaceId, runId);
  if (counts.queued === 0) return { counts };
  if (!options.inline) return { counts, hint: 'The workers send them (ferry-worker).' };
  const sent = await sendHere(ctx, options.showProgress);
  counts = await outbox.countsForRun(ctx.workspaceId, runId);
  if (!sent) return { counts, hint: 'They wait in the outbox: set FERRY_SMTP_HOST (see the README), then run: ferry emails send' };
  return { counts, hint: counts.queued ? 'Some wait for a retry: ferry emails send (or a worker) sends them later.' : undefined };
}

export function emailsLine(counts: EmailCounts): string {
  return `Emails: ${counts.sent} sent, ${counts.queued} queued, ${counts.failed} failed`;
}
