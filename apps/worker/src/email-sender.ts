import type { Database, FerryEnv } from '@ferry/domain';
import { DATABASE } from '@ferry/engine';
import { SendDueEmails, smtpTransport, TemplateCatalog, type MailTransport } from '@ferry/notify';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * Sends the outbox from every worker: a pass every FERRY_EMAIL_POLL_MS.
 * Workers share the work safely (messages are claimed with SKIP LOCKED and a
 * lease; the rate bucket is locked per workspace), and a worker killed
 * mid-send loses its messages to another once their lease runs out. A loop
 * rather than a repeatable BullMQ job: the outbox in PostgreSQL is the queue,
 * and a pass that finds nothing costs one indexed query.
 */
export function createEmailSender(env: FerryEnv) {
  @Injectable()
  class EmailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
    private readonly logger = new Logger('emails');
    private readonly stop = new AbortController();
    private loop: Promise<void> = Promise.resolve();
    private transport: MailTransport | undefined;

    constructor(@Inject(DATABASE) private readonly db: Database) {}

    onApplicationBootstrap(): void {
      this.transport = smtpTransport(env);
      if (!this.transport) {
        this.logger.warn('FERRY_SMTP_HOST is not set: emails wait in the outbox until a worker with SMTP settings starts.');
        return;
      }
      const sender = new SendDueEmails(this.db, this.transport, new TemplateCatalog(), env);
      this.loop = this.run(sender);
    }

    private async run(sender: SendDueEmails): Promise<void> {
      while (!this.stop.signal.aborted) {
        try {
          const report = await sender.execute({ signal: this.stop.signal });
          if (report.sent || report.failed || report.retrying) this.logger.log(`emails: ${report.sent} sent, ${report.retrying} to retry, ${report.failed} failed`);
        } catch (error) {
          // The database gone for a moment: the next pass tries again; claimed messages come back after their lease.
          this.logger.error(`email pass failed: ${(error as Error).message}`);
        }
        await sleep(env.FERRY_EMAIL_POLL_MS, this.stop.signal);
      }
    }

    /** Finishes the message in hand, hands the rest of its claim back, then closes the SMTP connection. */
    async beforeApplicationShutdown(): Promise<void> {
      this.stop.abort();
      await this.loop;
      this.transport?.close();
    }
  }
  return EmailSender;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
