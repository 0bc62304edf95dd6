import { EmailOutboxStore, type Database } from '@ferry/domain';
import type { SendDueEmails } from './send-due-emails.use-case';

export interface DrainReport {
  sent: number;
  failed: number;
  /** Not sent yet: waiting for a retry after a passing failure. */
  waiting: number;
}

/**
 * Sends a workspace's due emails until none is left, waiting for its rate
 * when needed (the CLI without a worker: after an inline import, and
 * `ferry emails send`). Messages waiting for a later retry are left for the
 * next call.
 */
export async function drainOutbox(
  db: Database, sender: SendDueEmails, workspaceId: string,
  onProgress?: (progress: { sent: number; failed: number }) => void,
): Promise<DrainReport> {
  const total = { sent: 0, failed: 0 };
  for (;;) {
    const pass = await sender.execute({ workspaceId });
    total.sent += pass.sent;
    total.failed += pass.failed;
    if (pass.sent || pass.failed) onProgress?.({ ...total });
    if (pass.sent + pass.failed + pass.retrying > 0) continue;
    if (!pass.rateLimited) break;
    await new Promise((resolve) => setTimeout(resolve, Math.max(50, pass.waitMs)));
  }
  const { count } = await new EmailOutboxStore(db.sql).pending(workspaceId);
  return { ...total, waiting: count };
}
