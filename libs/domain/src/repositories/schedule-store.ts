import { ConfigError, type SqlClient } from '@ferry/sdk';
import { parseExpression } from 'cron-parser';

export interface ScheduleRecord {
  id: string;
  name: string;
  pipeline: Record<string, unknown>;
  cron: string;
  timezone: string;
  enabled: boolean;
  state: unknown;
  skippedSlots: number;
  /** Share of the sink's records a run may change without approval; null: no check. */
  changeThreshold: number | null;
  createdAt: Date;
}

const COLUMNS = `id, name, pipeline, cron, timezone, enabled, state, skipped_slots as "skippedSlots",
  change_threshold as "changeThreshold", created_at as "createdAt"`;

/** Schedules of a workspace. Every method takes the workspace id. */
export class ScheduleStore {
  constructor(private readonly db: SqlClient) {}

  async add(
    workspaceId: string,
    schedule: { name: string; pipeline: Record<string, unknown>; cron: string; timezone?: string; changeThreshold?: number | null },
  ): Promise<ScheduleRecord> {
    const name = schedule.name.trim();
    if (!name) throw new ConfigError('invalid_schedule', 'A schedule needs a name.');
    const timezone = schedule.timezone ?? 'UTC';
    checkCron(schedule.cron, timezone);
    const threshold = schedule.changeThreshold === undefined ? 0.2 : schedule.changeThreshold;
    if (threshold !== null && !(threshold > 0 && threshold <= 1)) {
      throw new ConfigError('invalid_threshold', 'The change threshold is a share above 0 and at most 1 (e.g. 0.2 for 20%), or off.');
    }
    const rows = await this.db.query<ScheduleRecord>(
      `insert into schedule (id, workspace_id, name, pipeline, cron, timezone, change_threshold) values (gen_random_uuid(), ?, ?, ?::jsonb, ?, ?, ?)
       on conflict (workspace_id, name) do nothing returning ${COLUMNS}`,
      [workspaceId, name, JSON.stringify(schedule.pipeline), schedule.cron.trim(), timezone, threshold],
    );
    if (rows.length === 0) throw new ConfigError('schedule_exists', `A schedule named "${name}" already exists.`);
    return rows[0];
  }

  async list(workspaceId: string): Promise<ScheduleRecord[]> {
    return this.db.query(`select ${COLUMNS} from schedule where workspace_id = ? order by name`, [workspaceId]);
  }

  /** Every enabled schedule of every workspace: what the workers keep registered with the queue. */
  async allEnabled(): Promise<(ScheduleRecord & { workspaceId: string })[]> {
    return this.db.query(`select ${COLUMNS}, workspace_id as "workspaceId" from schedule where enabled order by created_at`);
  }

  /** By id or by name. */
  async find(workspaceId: string, idOrName: string): Promise<ScheduleRecord | undefined> {
    const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
    const [row] = await this.db.query<ScheduleRecord>(
      `select ${COLUMNS} from schedule where workspace_id = ? and ${isId ? 'id = ?::uuid' : 'name = ?'}`,
      [workspaceId, idOrName.trim()],
    );
    return row;
  }

  async setEnabled(workspaceId: string, id: string, enabled: boolean): Promise<void> {
    await this.db.query(`update schedule set enabled = ? where workspace_id = ? and id = ?`, [enabled, workspaceId, id]);
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    await this.db.query(`delete from schedule where workspace_id = ? and id = ?`, [workspaceId, id]);
  }

  /** The source's cursor after a successful run. */
  async saveState(workspaceId: string, id: string, state: unknown): Promise<void> {
    await this.db.query(`update schedule set state = ?::jsonb where workspace_id = ? and id = ?`, [JSON.stringify(state ?? null), workspaceId, id]);
  }

  async countSkippedSlot(workspaceId: string, id: string): Promise<void> {
    await this.db.query(`update schedule set skipped_slots = skipped_slots + 1 where workspace_id = ? and id = ?`, [workspaceId, id]);
  }
}

/** Refuses a cron expression or time zone the queue could not follow, with the reason. */
export function checkCron(cron: string, timezone: string): void {
  const fields = cron.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) throw new ConfigError('invalid_cron', `"${cron}" is not a cron expression: give 5 fields (minute hour day month weekday), or 6 with seconds first.`);
  try {
    Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new ConfigError('invalid_timezone', `"${timezone}" is not a time zone; use a name like Europe/London or UTC.`);
  }
  try {
    parseExpression(cron, { tz: timezone });
  } catch (error) {
    throw new ConfigError('invalid_cron', `"${cron}" is not a valid cron expression: ${(error as Error).message}.`);
  }
}
