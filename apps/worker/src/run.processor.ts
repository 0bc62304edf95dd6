import { RunStore, ScheduleStore, type Database, type FerryEnv } from '@ferry/domain';
import { DATABASE, INTERRUPT, RunPipeline } from '@ferry/engine';
import { processRun, processSlot, RUNS_QUEUE, ScheduleQueue, WorkspaceSlots, SLOT_JOB, type RunJobData, type SlotJobData } from '@ferry/jobs';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';

/** Worker options come from the environment when the module loads (decorators are evaluated once). */
export function workerOptions(env: FerryEnv) {
  return {
    concurrency: env.FERRY_WORKER_CONCURRENCY,
    lockDuration: env.FERRY_JOB_LOCK_MS,
    // A dead worker's job is found stalled at the next check and handed to a live one.
    stalledInterval: Math.max(1000, Math.floor(env.FERRY_JOB_LOCK_MS / 2)),
    maxStalledCount: 10,
  };
}

/**
 * Executes queued runs and schedule slots. On SIGTERM the runs in hand stop after their current
 * batch and go back to the queue (not counted as a failed attempt); whichever
 * worker takes them next goes on from the checkpoint.
 */
export function createRunProcessor(env: FerryEnv) {
  @Processor(RUNS_QUEUE, workerOptions(env))
  class RunProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
    private readonly logger = new Logger('runs');
    private readonly inHand = new Set<AbortController>();
    // Jobs this worker moved back to the queue itself: BullMQ's lock renewal may still try them once.
    private readonly handedBack = new Set<string>();
    // The slot's lease outlasts a busy event loop comfortably; a dead worker's slot frees itself within it.
    private readonly slots = new WorkspaceSlots(env.REDIS_URL!, env.FERRY_QUEUE_PREFIX, env.FERRY_WORKSPACE_CONCURRENCY, Math.max(env.FERRY_JOB_LOCK_MS, 15_000));

    constructor(
      @Inject(DATABASE) private readonly db: Database,
      private readonly runPipeline: RunPipeline,
    ) {
      super();
    }

    async process(job: Job<RunJobData | SlotJobData>, token?: string): Promise<unknown> {
      // Over its workspace's limit: wait in the delayed set (not an attempt), letting other workspaces' runs go first.
      const slotKey = String(job.id);
      if (!(await this.slots.acquire(job.data.workspaceId, slotKey))) return this.handBack(job, token);
      const release = this.slots.hold(job.data.workspaceId, slotKey);
      const controller = new AbortController();
      this.inHand.add(controller);
      try {
        const deps = { db: this.db, runPipeline: this.runPipeline, signal: controller.signal };
        let result;
        if (job.name === SLOT_JOB) {
          const data = job.data as SlotJobData;
          const slot = new Date(data.slot ?? job.opts.prevMillis ?? job.timestamp);
          const outcome = await processSlot(data, slot, deps);
          if (outcome.outcome === 'skipped') {
            this.logger.log(`schedule ${data.scheduleId} slot ${slot.toISOString()} skipped: ${outcome.reason}`);
            return outcome;
          }
          if (outcome.outcome === 'awaiting_approval') {
            this.logger.warn(`run ${outcome.runId} waits for approval: ${JSON.stringify(outcome.approval)}`);
            return outcome;
          }
          result = outcome.result;
        } else {
          this.logger.log(`run ${(job.data as RunJobData).runId} (attempt ${job.attemptsMade + 1})`);
          result = await processRun(job.data as RunJobData, deps);
        }
        if (result.status === 'running') {
          // Interrupted by shutdown, or held by another process whose lease has not run out:
          // back to the queue, for this or another worker to try again in a moment.
          return await this.handBack(job, token);
        }
        if (result.status === 'failed' && result.error?.retryable) {
          // BullMQ tries again with backoff; the next attempt resumes the failed run from its checkpoint.
          if (job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw new Error(`run ${result.runId} failed for now: ${result.error.message}`);
          // The last attempt: the failure is final, and followers stop waiting for another.
          await new RunStore(this.db.sql).finalizeFailure(job.data.workspaceId, result.runId, job.attemptsMade + 1);
        }
        this.logger.log(`run ${result.runId} ${result.status}: ${JSON.stringify(result.counts)}`);
        return { runId: result.runId, status: result.status, counts: result.counts };
      } finally {
        this.inHand.delete(controller);
        await release();
      }
    }

    /** Back to the delayed set, not counted as an attempt (BullMQ's manual-delay protocol). */
    private async handBack(job: Job, token: string | undefined): Promise<never> {
      const id = String(job.id);
      this.handedBack.add(id);
      // Long enough for any renewal already under way to have answered.
      setTimeout(() => this.handedBack.delete(id), env.FERRY_JOB_LOCK_MS).unref();
      await job.moveToDelayed(Date.now() + 1000, token);
      throw new DelayedError();
    }

    /**
     * BullMQ reports trouble (lost Redis connection, a lock it could not renew) as `error` events;
     * unheard, they would only reach stderr unformatted. A lock lost on a job this worker has just
     * handed back is the expected end of that hand-back, not trouble.
     */
    @OnWorkerEvent('error')
    onWorkerError(error: Error): void {
      const lockLost = /^could not renew lock for job (.+)$/.exec(error.message);
      if (lockLost && this.handedBack.has(lockLost[1])) return;
      this.logger.error(error.message, error.stack);
    }

    /** Schedules added without Redis at hand (or while no worker ran) get their job scheduler now; registering is idempotent. */
    async onApplicationBootstrap(): Promise<void> {
      const schedules = await new ScheduleStore(this.db.sql).allEnabled();
      if (schedules.length === 0) return;
      const queue = new ScheduleQueue(env.REDIS_URL!, env.FERRY_QUEUE_PREFIX);
      try {
        for (const schedule of schedules) await queue.register(schedule.workspaceId, schedule);
      } finally {
        await queue.close();
      }
    }

    beforeApplicationShutdown(): void {
      for (const controller of this.inHand) controller.abort(INTERRUPT);
    }

    async onApplicationShutdown(): Promise<void> {
      await this.slots.close();
    }
  }
  return RunProcessor;
}
