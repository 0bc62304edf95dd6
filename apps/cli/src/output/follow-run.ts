import { RunStore, type Database, type RunRecord } from '@ferry/domain';
import type { ProgressListener } from '@ferry/engine';

export const FINISHED = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);

/**
 * Whether a run has gone as far as it will without someone acting: it ended, or waits for approval.
 * A run that failed on a passing error (a lost connection) is retried by the queue: still going.
 */
export function hasSettled(run: RunRecord): boolean {
  const retrying = run.status === 'failed' && (run.error as { retryable?: boolean } | null)?.retryable === true;
  return (FINISHED.has(run.status) && !retrying) || run.status === 'awaiting_approval';
}

/**
 * Polls a run (queued for a worker) until it ends, passing its progress on.
 * Runs commit their counts with each batch, so the record is the progress.
 */
export async function followRun(db: Database, workspaceId: string, runId: string, onProgress?: ProgressListener, everyMs = 500): Promise<RunRecord> {
  const runs = new RunStore(db.sql);
  for (;;) {
    const run = await runs.get(workspaceId, runId);
    if (!run) throw new Error(`Run ${runId} disappeared.`);
    onProgress?.({ counts: run.counts, checkpointRow: run.checkpointRow });
    if (hasSettled(run)) return run;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
