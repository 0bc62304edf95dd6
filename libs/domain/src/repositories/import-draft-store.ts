import type { SqlClient } from '@ferry/sdk';
import { UUID } from './upload-store';

export type DraftStatus = 'draft' | 'confirmed' | 'cancelled';

export interface ImportDraftRecord {
  id: string;
  uploadId: string;
  name: string;
  sink: string;
  request: Record<string, unknown>;
  fixes: Record<string, Record<string, string>>;
  excluded: string[];
  status: DraftStatus;
  validationRunId: string | null;
  /** Where its validation run stands (see VALIDATION), whatever the draft's own status. */
  validation: DraftValidation;
  runId: string | null;
  confirmKey: string | null;
  createdAt: string;
}

/** Where a draft's validation (a dry-run) stands; the API reports it as the draft's status. */
export type DraftValidation = 'validating' | 'ready' | 'invalid';

export interface DraftFilter {
  status?: DraftStatus;
  /** Only drafts (status `draft`) whose validation stands so. */
  validation?: DraftValidation;
  sink?: string;
  /** Part of the name, any case. */
  name?: string;
  limit?: number;
  /** Only imports created before this one (the next page of a newest-first list). */
  before?: string;
}

/** Imports being prepared in the admin API, scoped to their workspace like everything else. */
export class ImportDraftStore {
  constructor(private readonly db: SqlClient) {}

  async create(workspaceId: string, draft: Pick<ImportDraftRecord, 'uploadId' | 'name' | 'sink' | 'request'>): Promise<ImportDraftRecord> {
    const [row] = await this.db.query<Record<string, unknown>>(
      `insert into import_draft (id, workspace_id, upload_id, name, sink, request, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?::jsonb, clock_timestamp()) returning *`,
      [workspaceId, draft.uploadId, draft.name, draft.sink, JSON.stringify(draft.request)],
    );
    return toRecord(row);
  }

  async get(workspaceId: string, id: string, sql: SqlClient = this.db, lock = false): Promise<ImportDraftRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await sql.query<Record<string, unknown>>(
      `select d.*, ${VALIDATION} as validation from import_draft d ${WITH_VALIDATION_RUN}
        where d.workspace_id = ? and d.id = ?${lock ? ' for update of d' : ''}`,
      [workspaceId, id],
    );
    return row ? toRecord(row) : undefined;
  }

  /** Newest first. */
  async list(workspaceId: string, filter: DraftFilter = {}): Promise<ImportDraftRecord[]> {
    const before = filter.before && UUID.test(filter.before) ? filter.before : null;
    // Filtered in SQL before the LIMIT, so a page holds as many matching imports as there are.
    const status = filter.validation ? 'draft' : filter.status ?? null;
    const rows = await this.db.query<Record<string, unknown>>(
      `select d.*, ${VALIDATION} as validation from import_draft d ${WITH_VALIDATION_RUN}
        where d.workspace_id = ?
          and (?::text is null or d.status = ?) and (?::text is null or d.sink = ?)
          and (?::text is null or ${VALIDATION} = ?)
          and (?::text is null or strpos(lower(d.name), lower(?)) > 0)
          and (?::uuid is null or (d.created_at, d.id) < (select created_at, id from import_draft where workspace_id = d.workspace_id and id = ?::uuid))
        order by d.created_at desc, d.id desc limit ?`,
      [workspaceId, status, status, filter.sink ?? null, filter.sink ?? null, filter.validation ?? null, filter.validation ?? null,
        filter.name ?? null, filter.name ?? null, before, before, Math.min(Math.max(filter.limit ?? 50, 1), 500)],
    );
    return rows.map(toRecord);
  }

  /** Keeps the admin's fixes and exclusions and the validation that checks the import as it now stands. */
  async revise(workspaceId: string, id: string, change: { fixes: ImportDraftRecord['fixes']; excluded: string[]; validationRunId: string }, sql: SqlClient = this.db): Promise<void> {
    await sql.query(
      `update import_draft set fixes = ?::jsonb, excluded = ?::jsonb, validation_run_id = ? where workspace_id = ? and id = ? and status = 'draft'`,
      [JSON.stringify(change.fixes), JSON.stringify(change.excluded), change.validationRunId, workspaceId, id],
    );
  }

  async setValidation(workspaceId: string, id: string, validationRunId: string): Promise<void> {
    await this.db.query(`update import_draft set validation_run_id = ? where workspace_id = ? and id = ?`, [validationRunId, workspaceId, id]);
  }

  /** Marks a draft confirmed with the run that writes it; call inside the transaction that locked it. */
  async markConfirmed(sql: SqlClient, workspaceId: string, id: string, runId: string, confirmKey: string | null): Promise<void> {
    await sql.query(`update import_draft set status = 'confirmed', run_id = ?, confirm_key = ? where workspace_id = ? and id = ?`, [runId, confirmKey, workspaceId, id]);
  }

  /** Returns false when the draft was no longer a draft. */
  async cancel(workspaceId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(`update import_draft set status = 'cancelled' where workspace_id = ? and id = ? and status = 'draft' returning id`, [workspaceId, id]);
    return rows.length > 0;
  }
}

function toRecord(row: Record<string, unknown>): ImportDraftRecord {
  return {
    id: row.id as string,
    uploadId: row.upload_id as string,
    name: row.name as string,
    sink: row.sink as string,
    request: row.request as Record<string, unknown>,
    fixes: (row.fixes ?? {}) as ImportDraftRecord['fixes'],
    excluded: (row.excluded ?? []) as string[],
    status: row.status as DraftStatus,
    validationRunId: (row.validation_run_id as string | null) ?? null,
    // A draft just created has no validation run yet.
    validation: (row.validation as DraftValidation | undefined) ?? 'validating',
    runId: (row.run_id as string | null) ?? null,
    confirmKey: (row.confirm_key as string | null) ?? null,
    createdAt: new Date(row.created_at as string).toISOString(),
  };
}

/**
 * A draft's validation as the API names it, from its validation run `v`: ready once the dry-run
 * completed, invalid when it failed for good or was cancelled, else (none yet, queued, running, a
 * failure that will be retried) validating. Worked out here only, with every draft read, so the
 * history's status filter and each import's status cannot disagree.
 */
const WITH_VALIDATION_RUN = `left join import_run v on v.workspace_id = d.workspace_id and v.id = d.validation_run_id`;
const VALIDATION = `case
    when v.status in ('completed', 'completed_with_errors') then 'ready'
    when v.status = 'cancelled' or (v.status = 'failed' and coalesce((v.error->>'retryable')::boolean, false) = false) then 'invalid'
    else 'validating' end`;
