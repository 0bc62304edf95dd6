import type { RedisOptions } from 'ioredis';

/** The queue every run goes through; its job id is the run id, so a run is queued once however often it is enqueued. */
export const RUNS_QUEUE = 'ferry-runs';

/**
 * Every job (a run, a schedule's slot) is retried with backoff when an
 * attempt fails; each attempt goes on from the run's checkpoint. The last
 * thousand finished jobs are kept for inspection.
 */
export const RETRIED_JOB = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 1000 },
} as const;

export interface RunJobData {
  workspaceId: string;
  runId: string;
}

/**
 * REDIS_URL as connection options (BullMQ then opens and closes its own
 * connections). Commands wait for a reconnect rather than fail
 * (maxRetriesPerRequest null), so Redis gone for a moment delays work
 * instead of losing it.
 */
export function redisConnection(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    db: Number(parsed.pathname.slice(1) || 0),
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
