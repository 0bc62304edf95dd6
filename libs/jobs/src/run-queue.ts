import { Queue } from 'bullmq';
import { RETRIED_JOB, RUNS_QUEUE, redisConnection, type RunJobData } from './run-jobs';

/**
 * Hands recorded runs to the workers. Failed attempts (the database gone for
 * a moment, a worker killed) are retried with backoff; every attempt goes on
 * from the run's checkpoint.
 */
export class RunQueue {
  private readonly queue: Queue<RunJobData>;

  constructor(redisUrl: string, prefix: string) {
    this.queue = new Queue<RunJobData>(RUNS_QUEUE, { connection: redisConnection(redisUrl), prefix });
  }

  async add(job: RunJobData): Promise<void> {
    await this.queue.add('run', job, {
      jobId: job.runId,
      ...RETRIED_JOB,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
