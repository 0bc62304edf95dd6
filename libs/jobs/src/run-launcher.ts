import { RunStore, type Database, type FerryEnv } from '@ferry/domain';
import type { RunPipeline } from '@ferry/engine';
import { Logger } from '@nestjs/common';
import { processRun } from './run-processor';
import { RunQueue } from './run-queue';

/**
 * Starts recorded (queued) runs for a long-lived process such as the API:
 * with REDIS_URL it hands them to the workers (the job id is the run id, so
 * handing one over twice queues it once); without Redis it executes them in
 * this process, in the background, as the embedded default.
 */
export class RunLauncher {
  private readonly logger = new Logger('runs');
  private queue?: RunQueue;
  private readonly inline = new Set<Promise<unknown>>();

  constructor(
    private readonly env: FerryEnv,
    private readonly db: Database,
    private readonly runPipeline: RunPipeline,
  ) {}

  async dispatch(workspaceId: string, runId: string): Promise<void> {
    if (this.env.REDIS_URL) {
      this.queue ??= new RunQueue(this.env.REDIS_URL, this.env.FERRY_QUEUE_PREFIX);
      await this.queue.add({ workspaceId, runId });
      return;
    }
    await new RunStore(this.db.sql).markInline(workspaceId, runId);
    const running = processRun({ workspaceId, runId }, { db: this.db, runPipeline: this.runPipeline })
      .catch((error: Error) => this.logger.error(`run ${runId}: ${error.message}`))
      .finally(() => this.inline.delete(running));
    this.inline.add(running);
  }

  /**
   * Without Redis, runs left unfinished by this process's last life (a
   * restart, a crash) are taken up again from their checkpoints. With Redis
   * the queue does this.
   */
  async resumeAbandoned(): Promise<number> {
    if (this.env.REDIS_URL) return 0;
    const runs = await new RunStore(this.db.sql).abandoned();
    for (const run of runs) await this.dispatch(run.workspaceId, run.id);
    if (runs.length) this.logger.log(`taking up ${runs.length} unfinished run(s) again`);
    return runs.length;
  }

  /** Lets runs executing here finish (their batches commit) before the database closes. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inline]);
    await this.queue?.close();
  }
}
