import type { ScheduleRecord } from '@ferry/domain';
import { Queue } from 'bullmq';
import { RETRIED_JOB, RUNS_QUEUE, redisConnection } from './run-jobs';
import { SLOT_JOB, type SlotJobData } from './schedule-slots';

/**
 * Keeps BullMQ's job schedulers in step with the schedule table: one
 * scheduler per enabled schedule, keyed by the schedule's id, so Redis makes
 * one job per slot however many workers and CLIs register it.
 */
export class ScheduleQueue {
  private readonly queue: Queue<SlotJobData>;

  constructor(redisUrl: string, prefix: string) {
    this.queue = new Queue<SlotJobData>(RUNS_QUEUE, { connection: redisConnection(redisUrl), prefix });
  }

  async register(workspaceId: string, schedule: Pick<ScheduleRecord, 'id' | 'cron' | 'timezone' | 'enabled'>): Promise<void> {
    if (!schedule.enabled) return this.unregister(schedule.id);
    await this.queue.upsertJobScheduler(
      schedule.id,
      { pattern: schedule.cron, tz: schedule.timezone },
      { name: SLOT_JOB, data: { workspaceId, scheduleId: schedule.id }, opts: { ...RETRIED_JOB } },
    );
  }

  async unregister(scheduleId: string): Promise<void> {
    await this.queue.removeJobScheduler(scheduleId);
  }

  /**
   * A slot now, outside the cron (`ferry schedules run-now`), or a held-back
   * slot once approved (`why` keeps the approval's job apart from the slot's
   * first job, which has ended).
   */
  async runSlot(workspaceId: string, scheduleId: string, slot = new Date(), why: 'now' | 'approved' = 'now'): Promise<void> {
    // BullMQ job ids may not hold ':' (an ISO time does): the slot in milliseconds names it.
    await this.queue.add(SLOT_JOB, { workspaceId, scheduleId, slot: slot.toISOString() }, {
      jobId: `${why}-${scheduleId}-${slot.getTime()}`,
      ...RETRIED_JOB,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
