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
  error: { code: string; message: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const RUN_COLUMNS = `id, name, sink, dry_run, status, settings, read_count, created_count, updated_count, unchanged_count,
  skipped_count, failed_count, warning_count, checkpoint_row, error, created_at, started_at, finished_at`;

/** The run record and its row issues. Every method takes the workspace id. */
export class RunStore {
  constructor(private readonly db: SqlClient) {}

  async create(workspaceId: string, run: { name: string; sink: string; dryRun: boolean; settings: unknown }): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `insert into import_run (id, workspace_id, name, sink, dry_run, status, settings, started_at)
       values (gen_random_uuid(), ?, ?, ?, ?, 'running', ?::jsonb, now()) returning id`,
      [workspaceId, run.name, run.sink, run.dryRun, JSON.stringify(run.settings)],
    );
    return row.id;
  }

  /** A batch's issues, counts and checkpoint in one statement (one round trip per batch). */
  async recordBatch(workspaceId: string, runId: string, issues: RowIssue[], counts: RunCounts, checkpointRow: number | null): Promise<void> {
    await this.db.query(
      `with issues as (
         insert into row_issue (workspace_id, run_id, "row", file, sheet, "column", value, code, severity, message)
         select ?, ?, x."row", x.file, x.sheet, x."column", x.value, x.code, x.severity, x.message
           from json_to_recordset(?::json) as x("row" int, file text, sheet text, "column" text, value text, code text, severity text, message text)
       )
       update import_run set read_count = read_count + ?, created_count = created_count + ?, updated_count = updated_count + ?,
              unchanged_count = unchanged_count + ?, skipped_count = skipped_count + ?, failed_count = failed_count + ?,
              warning_count = warning_count + ?, checkpoint_row = coalesce(?, checkpoint_row)
        where workspace_id = ? and id = ?`,
      [workspaceId, runId, JSON.stringify(issues), counts.read, counts.created, counts.updated, counts.unchanged, counts.skipped,
        counts.failed, counts.warnings, checkpointRow, workspaceId, runId],
    );
  }

  async updateSettings(workspaceId: string, runId: string, settings: unknown): Promise<void> {
    await this.db.query(`update import_run set settings = ?::jsonb where workspace_id = ? and id = ?`, [
      JSON.stringify(settings), workspaceId, runId,
    ]);
  }

  /** Marks a stopped run as running again, for resume. */
  async reopen(workspaceId: string, runId: string): Promise<void> {
    await this.db.query(`update import_run set status = 'running', error = null, finished_at = null where workspace_id = ? and id = ?`, [workspaceId, runId]);
  }

  async finish(workspaceId: string, runId: string, status: RunStatus, error?: { code: string; message: string }): Promise<void> {
    await this.db.query(
      `update import_run set status = ?, error = ?::jsonb, finished_at = now() where workspace_id = ? and id = ?`,
      [status, error ? JSON.stringify(error) : null, workspaceId, runId],
    );
  }

  async get(workspaceId: string, runId: string): Promise<RunRecord | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(runId)) return undefined;
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

  /** Newest first. */
  async list(workspaceId: string, limit = 50): Promise<RunRecord[]> {
    const rows = await this.db.query(
      `select ${RUN_COLUMNS} from import_run where workspace_id = ? order by created_at desc, id limit ?`,
      [workspaceId, limit],
    );
    return rows.map(toRecord);
  }

  /** Issues in row order, a page at a time so a run with a million issues is never loaded whole. */
  async issues(workspaceId: string, runId: string, afterId = '0', limit = 1000): Promise<(RowIssue & { id: string })[]> {
    return this.db.query(
      `select id, "row", file, sheet, "column", value, code, severity, message from row_issue
        where workspace_id = ? and run_id = ? and id > ? order by id limit ?`,
      [workspaceId, runId, afterId, limit],
    );
  }
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
    error: row.error,
    createdAt: new Date(row.created_at),
    startedAt: row.started_at ? new Date(row.started_at) : null,
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
  };
}
