import IORedis from 'ioredis';
import { redisConnection } from './run-jobs';

/**
 * A per-workspace limit on runs executing at once, across every worker
 * process: one school's ten imports must not starve the others. A slot is a
 * member of a sorted set scored by when its lease runs out, so a worker that
 * dies without releasing frees its slot once the lease passes.
 */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
  return 1
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

export class WorkspaceSlots {
  private readonly redis: IORedis;

  constructor(redisUrl: string, private readonly prefix: string, private readonly limit: number, private readonly leaseMs: number) {
    this.redis = new IORedis(redisConnection(redisUrl));
  }

  /** Takes (or renews) a slot for the run; false when the workspace is at its limit. */
  async acquire(workspaceId: string, runKey: string): Promise<boolean> {
    const now = Date.now();
    const taken = await this.redis.eval(ACQUIRE, 1, this.key(workspaceId), now, now + this.leaseMs, this.limit, runKey, this.leaseMs * 4);
    return taken === 1;
  }

  /** Keeps a slot while its run goes on; returns a function that stops renewing and frees it. */
  hold(workspaceId: string, runKey: string): () => Promise<void> {
    const timer = setInterval(() => void this.acquire(workspaceId, runKey).catch(() => undefined), Math.floor(this.leaseMs / 3));
    return async () => {
      clearInterval(timer);
      // Best effort: when Redis is gone (or shutting down) the lease runs out by itself.
      await this.redis.zrem(this.key(workspaceId), runKey).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }

  private key(workspaceId: string): string {
    return `${this.prefix}:workspace-slots:${workspaceId}`;
  }
}
