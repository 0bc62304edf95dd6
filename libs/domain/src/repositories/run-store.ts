import type { OutcomeStatus, RowIssue, SqlClient } from '@ferry/sdk';
import type { RunStatus } from '../entities';

export type RunCounts = Record<'read' | OutcomeStatus | 'warnings', number>;

export const emptyCounts = (): RunCounts => ({
  read: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  warnings: 0,
});

export interface RunRecord {
  id: string;
  name: string;
  sink: string;
  dryRun: boolean;
  status: RunStatus;
  settings: Record<string, unknown>;
  counts: RunCounts;
  checkpointRow: number | null;
  cancelRequested: boolean;
  scheduleId: string | null;
  slot: Date | null;
  error: { code: string; message: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const RUN_COLUMNS = `id, name, sink, dry_run, status, settings, read_count, created_count, updated_count, unchanged_count,
  skipped_count, failed_count, warning_count, checkpoint_row, cancel_requested, schedule_id, slot, error, created_at, started_at, finished_at`;

/**
 * Who executes a run, and until when unless renewed. Every committed batch
 * renews it; a process may take a running run over only once its lease has
 * run out, and a process whose lease was taken commits nothing more — so a
 * run is never executed twice at once, even when a stalled worker wakes up.
 */
export interface RunLease {
  owner: string;
  ms: number;
}

/** The run was taken over by another process (this one stalled past its lease): stop without touching it. */
export class RunLeaseLostError extends Error {
  constructor(runId: string) {
    super(`Run ${runId} is being executed by another process now.`);
  }
}

/** The run record and its row issues. Every method takes the workspace id. */
/** SQL: the run (table or alias `run`) failed for a passing reason (a lost connection) and is due another attempt. */
export const retryDue = (run: string): string => `(${run}.status = 'failed' and (${run}.error->>'retryable')::boolean is true)`;

export class RunStore {
  constructor(private readonly db: SqlClient) {}

  /** A new run, running now (inline) or queued for a worker. */
  /**
   * A new run, running now (inline) or queued for a worker. A run for a
   * schedule's slot is created once: for a slot that has its run already,
   * this returns undefined.
   */
  async create(
    workspaceId: string,
    run: {
      name: string; sink: string; dryRun: boolean; settings: unknown; queued?: boolean; awaitingApproval?: boolean;
      schedule?: { id: string; slot: Date }; lease?: RunLease;
    },
  ): Promise<string> {
    const rows = await this.db.query<{ id: string }>(
      `insert into import_run (id, workspace_id, name, sink, dry_run, status, settings, started_at, schedule_id, slot, lease_owner, lease_until)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?::jsonb, case when ? then null else now() end, ?, ?, ?, now() + ? * interval '1 millisecond')
       on conflict (schedule_id, slot) do nothing returning id`,
      [workspaceId, run.name, run.sink, run.dryRun, run.awaitingApproval ? 'awaiting_approval' : run.queued ? 'queued' : 'running',
        JSON.stringify(run.settings), Boolean(run.queued || run.awaitingApproval),
        run.schedule?.id ?? null, run.schedule?.slot.toISOString() ?? null, run.lease?.owner ?? null, run.lease?.ms ?? 0],
    );
    return rows[0]?.id;
  }

  async findBySlot(workspaceId: string, scheduleId: string, slot: Date): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      `select id from import_run where workspace_id = ? and schedule_id = ? and slot = ?`,
      [workspaceId, scheduleId, slot.toISOString()],
    );
    return row?.id;
  }

  /** Marks a run as one a long-lived process executes itself (no queue), so that process takes it up again after a restart. */
  async markInline(workspaceId: string, runId: string): Promise<void> {
    await this.db.query(`update import_run set settings = settings || '{"runner":"inline"}'::jsonb where workspace_id = ? and id = ?`, [workspaceId, runId]);
  }

  /**
   * Runs of every workspace that a process executing runs in-line (the API
   * without Redis) left behind when it stopped: queued, running with no live
   * lease, or failed on a passing error. Dry-runs that died cannot go on:
   * they are marked failed here, to be validated again.
   */
  async abandoned(): Promise<{ workspaceId: string; id: string }[]> {
    const inline = `settings->>'runner' = 'inline'`;
    await this.db.query(
      `update import_run set status = 'failed', finished_at = now(), lease_owner = null, lease_until = null,
              error = jsonb_build_object('code', 'interrupted', 'message', 'The validation was interrupted by a restart; validate again.')
        where ${inline} and dry_run and status = 'running' and (lease_until is null or lease_until < now())`,
    );
    const rows = await this.db.query<{ workspace_id: string; id: string }>(
      `select workspace_id, id from import_run
        where ${inline} and (status = 'queued' or (status = 'running' and (lease_until is null or lease_until < now()))
           or ${retryDue('import_run')})
        order by created_at`,
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id }));
  }

  /** True while a run of the schedule is queued or running (its next slot is then skipped). */
  async scheduleBusy(workspaceId: string, scheduleId: string): Promise<boolean> {
    const rows = await this.db.query(
      `select 1 from import_run where workspace_id = ? and schedule_id = ? and status in ('queued', 'awaiting_approval', 'running') limit 1`,
      [workspaceId, scheduleId],
    );
    return rows.length > 0;
  }

  /** An approved run goes to the queue; false when the run is not waiting for approval. */
  async approve(workspaceId: string, runId: string): Promise<boolean> {
    const rows = await this.db.query(
      `update import_run set status = 'queued' where workspace_id = ? and id = ? and status = 'awaiting_approval' returning id`,
      [workspaceId, runId],
    );
    return rows.length > 0;
  }

  /** Takes a queued run for execution; false when it is no longer queued (another worker took it, or it was cancelled). */
  async claim(workspaceId: string, runId: string, lease: RunLease): Promise<boolean> {
    const rows = await this.db.query(
      `update import_run set status = 'running', started_at = now(), lease_owner = ?, lease_until = now() + ? * interval '1 millisecond'
        where workspace_id = ? and id = ? and status = 'queued' returning id`,
      [lease.owner, lease.ms, workspaceId, runId],
    );
    return rows.length > 0;
  }

  /**
   * Asks a run to stop. A queued run, one waiting for approval, or one waiting for its retry after a lost
   * connection is cancelled at once (its committed batches stay); a running one stops at its next batch
   * (whichever process runs it). Returns the status after.
   */
  async requestCancel(workspaceId: string, runId: string): Promise<RunStatus | undefined> {
    const idle = `(status in ('queued', 'awaiting_approval') or ${retryDue('import_run')})`;
    const [row] = await this.db.query<{ status: RunStatus }>(
      `update import_run set cancel_requested = true,
              finished_at = case when ${idle} then now() else finished_at end,
              status = case when ${idle} then 'cancelled' else status end
        where workspace_id = ? and id = ? returning status`,
      [workspaceId, runId],
    );
    return row?.status;
  }

  /** A batch's issues, counts and checkpoint in one statement (one round trip per batch). */
  /** Returns whether someone asked for the run to stop (read in the same statement, so cancelling costs no extra round trip). */
  async recordBatch(
    workspaceId: string, runId: string, issues: RowIssue[], counts: RunCounts, checkpointRow: number | null, lease?: RunLease,
  ): Promise<{ cancelRequested: boolean }> {
    const [row] = await this.db.query<{ cancel_requested: boolean }>(
      `with issues as (
         insert into row_issue (workspace_id, run_id, "row", file, sheet, "column", value, code, severity, message)
         select ?, ?, x."row", x.file, x.sheet, x."column", x.value, x.code, x.severity, x.message
           from json_to_recordset(?::json) as x("row" int, file text, sheet text, "column" text, value text, code text, severity text, message text)
       )
       update import_run set read_count = read_count + ?, created_count = created_count + ?, updated_count = updated_count + ?,
              unchanged_count = unchanged_count + ?, skipped_count = skipped_count + ?, failed_count = failed_count + ?,
              warning_count = warning_count + ?, checkpoint_row = coalesce(?, checkpoint_row),
              lease_until = case when ?::text is null then lease_until else now() + ? * interval '1 millisecond' end
        where workspace_id = ? and id = ? and (?::text is null or lease_owner = ?)
        returning cancel_requested`,
      [workspaceId, runId, JSON.stringify(issues), counts.read, counts.created, counts.updated, counts.unchanged, counts.skipped,
        counts.failed, counts.warnings, checkpointRow, lease?.owner ?? null, lease?.ms ?? 0, workspaceId, runId, lease?.owner ?? null, lease?.owner ?? null],
    );
    // No row: another process holds the run now. Throwing rolls the batch back.
    if (!row) throw new RunLeaseLostError(runId);
    return { cancelRequested: row.cancel_requested };
  }

  async updateSettings(workspaceId: string, runId: string, settings: unknown): Promise<void> {
    // Merged, so what the run was queued with (where its file is) stays.
    await this.db.query(`update import_run set settings = settings || ?::jsonb where workspace_id = ? and id = ?`, [
      JSON.stringify(settings), workspaceId, runId,
    ]);
  }

  /**
   * Takes a stopped run (its process died, or it failed on a passing error)
   * for resume; false while another process's lease on it is still good.
   */
  async reopen(workspaceId: string, runId: string, lease: RunLease): Promise<boolean> {
    const rows = await this.db.query(
      `update import_run set status = 'running', error = null, finished_at = null, lease_owner = ?, lease_until = now() + ? * interval '1 millisecond'
        where workspace_id = ? and id = ? and status in ('running', 'failed')
          and (lease_owner is null or lease_owner = ? or lease_until < now() or status = 'failed')
        returning id`,
      [lease.owner, lease.ms, workspaceId, runId, lease.owner],
    );
    return rows.length > 0;
  }

  /** A run that failed on a passing error after its last attempt: no more retries are coming. */
  async finalizeFailure(workspaceId: string, runId: string, attempts: number): Promise<void> {
    await this.db.query(
      `update import_run set error = (error - 'retryable') || jsonb_build_object('message', (error->>'message') || ' Gave up after ' || ?::int || ' attempts.')
        where workspace_id = ? and id = ? and status = 'failed'`,
      [attempts, workspaceId, runId],
    );
  }

  /** Ends a run; with a lease, only if this process still holds it. */
  async finish(workspaceId: string, runId: string, status: RunStatus, error?: { code: string; message: string; retryable?: boolean }, lease?: RunLease): Promise<void> {
    await this.db.query(
      `update import_run set status = ?, error = ?::jsonb, finished_at = now(), lease_owner = null, lease_until = null
        where workspace_id = ? and id = ? and (?::text is null or lease_owner = ?)`,
      [status, error ? JSON.stringify(error) : null, workspaceId, runId, lease?.owner ?? null, lease?.owner ?? null],
    );
  }

  async get(workspaceId: string, runId: string): Promise<RunRecord | undefined> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(runId)) return undefined;
    const [row] = await this.db.query(`select ${RUN_COLUMNS} from import_run where workspace_id = ? and id = ?`, [workspaceId, runId]);
    return row ? toRecord(row) : undefined;
  }

  /** Finds a run by its id or a unique prefix of it (as shown by `ferry runs`). */
  async findByIdPrefix(workspaceId: string, prefix: string): Promise<RunRecord[]> {
    const rows = await this.db.query(
      `select ${RUN_COLUMNS} from import_run where workspace_id = ? and id::text like ? order by created_at desc limit 2`,
      [workspaceId, `${prefix.toLowerCase().replace(/[^0-9a-f-]/g, '')}%`],
    );
    return rows.map(toRecord);
  }

  /** Newest first; with `scheduleId`, only that schedule's runs. */
  async list(workspaceId: string, limit = 50, scheduleId?: string): Promise<RunRecord[]> {
    const rows = await this.db.query(
      `select ${RUN_COLUMNS} from import_run where workspace_id = ? and (?::uuid is null or schedule_id = ?::uuid)
        order by created_at desc, id limit ?`,
      [workspaceId, scheduleId ?? null, scheduleId ?? null, limit],
    );
    return rows.map(toRecord);
  }

  /**
   * The rows a run flagged, each with all its issues, in row order, a page at
   * a time: what an admin reviews before confirming an import.
   */
  async flaggedRows(
    workspaceId: string, runId: string, page: { severity?: 'error' | 'warning'; limit: number; offset: number },
  ): Promise<{ total: number; rows: { sheet: string | null; row: number; issues: Omit<RowIssue, 'row' | 'sheet'>[] }[] }> {
    const severity = page.severity ?? null;
    const [{ total }] = await this.db.query<{ total: string }>(
      `select count(*) as total from (select 1 from row_issue where workspace_id = ? and run_id = ? and (?::text is null or severity = ?) group by sheet, "row") r`,
      [workspaceId, runId, severity, severity],
    );
    const rows = await this.db.query<{ sheet: string | null; row: number; issues: Omit<RowIssue, 'row' | 'sheet'>[] }>(
      `select sheet, "row", json_agg(json_build_object('column', "column", 'value', value, 'code', code, 'severity', severity, 'message', message, 'file', file) order by id) as issues
         from row_issue where workspace_id = ? and run_id = ? and (?::text is null or severity = ?)
        group by sheet, "row" order by min(id) limit ? offset ?`,
      [workspaceId, runId, severity, severity, page.limit, page.offset],
    );
    return { total: Number(total), rows };
  }

  /** Issues in row order, a page at a time so a run with a million issues is never loaded whole. */
  async issues(workspaceId: string, runId: string, afterId = '0', limit = 1000): Promise<(RowIssue & { id: string })[]> {
    return this.db.query(
      `select id, "row", file, sheet, "column", value, code, severity, message from row_issue
        where workspace_id = ? and run_id = ? and id > ? order by id limit ?`,
      [workspaceId, runId, afterId, limit],
    );
  }

  /**
   * The run's rejected rows of one sheet (null: a file without sheets), in
   * row order after `afterRow`, each with its error messages in the order
   * they were found (a column's message starts with the column). A page at a
   * time, so an error report never holds every rejected row at once.
   */
  async rejectedRows(workspaceId: string, runId: string, sheet: string | null, afterRow: number, limit: number): Promise<RejectedRow[]> {
    return this.db.query<RejectedRow>(
      `select "row", array_agg(case when "column" is null then message else "column" || ': ' || message end order by id) as messages
         from row_issue
        where workspace_id = ? and run_id = ? and severity = 'error' and sheet is not distinct from ? and "row" > ?
        group by "row" order by "row" limit ?`,
      [workspaceId, runId, sheet, afterRow, limit],
    );
  }

  /** How many rows (of any sheet) the run rejected. */
  async rejectedRowCount(workspaceId: string, runId: string): Promise<number> {
    const [{ count }] = await this.db.query<{ count: string }>(
      `select count(*) from (select distinct sheet, "row" from row_issue where workspace_id = ? and run_id = ? and severity = 'error') r`,
      [workspaceId, runId],
    );
    return Number(count);
  }
}

/** A rejected row: its number and what was wrong with it. */
export interface RejectedRow {
  row: number;
  messages: string[];
}

function toRecord(row: Record<string, any>): RunRecord {
  return {
    id: row.id,
    name: row.name,
    sink: row.sink,
    dryRun: row.dry_run,
    status: row.status,
    settings: row.settings,
    counts: {
      read: row.read_count,
      created: row.created_count,
      updated: row.updated_count,
      unchanged: row.unchanged_count,
      skipped: row.skipped_count,
      failed: row.failed_count,
      warnings: row.warning_count,
    },
    checkpointRow: row.checkpoint_row,
    cancelRequested: row.cancel_requested,
    scheduleId: row.schedule_id,
    slot: row.slot ? new Date(row.slot) : null,
    error: row.error,
    createdAt: new Date(row.created_at),
    startedAt: row.started_at ? new Date(row.started_at) : null,
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
  };
}
