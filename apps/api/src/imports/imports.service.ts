import { ImportDraftStore, RunStore, type Database, type ImportDraftRecord, type RunRecord } from '@ferry/domain';
import { DATABASE, RunPipeline } from '@ferry/engine';
import { RunLauncher } from '@ferry/jobs';
import { ROW_KEY, rowKey as rowKeyOf } from '@ferry/connectors/step-row-fixes';
import { isRejected, type ColumnInfo, type Row } from '@ferry/sdk';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, notFound } from '../http/api-error';
import type { CreateImportDto, ImportOptionsDto } from './import-options.dto';
import { ImportPlanner } from './import-planner';

export interface DraftUpload {
  label: string;
  /** Rows carry a sheet (a workbook). */
  sheets: boolean;
  columns: () => Promise<ColumnInfo[]>;
  rows: () => AsyncIterable<Row>;
}

export type ImportStatus = 'validating' | 'ready' | 'invalid' | 'confirmed' | 'cancelled';

/**
 * An import in the admin API: created as a dry-run that validates and
 * classifies every row; reviewed (rows fixed or excluded, each change
 * validated again); confirmed into a queued run; followed; cancelled.
 */
@Injectable()
export class ImportsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly planner: ImportPlanner,
    private readonly runPipeline: RunPipeline,
    private readonly launcher: RunLauncher,
  ) {}

  private get drafts() {
    return new ImportDraftStore(this.db.sql);
  }

  async create(workspaceId: string, body: CreateImportDto): Promise<ImportDraftRecord> {
    const { uploadId, ...options } = body;
    const upload = await this.planner.upload(workspaceId, uploadId);
    const plan = this.planner.plan(workspaceId, upload, options);
    // Every setting checked (an unknown field in the mapping, an unreadable file) before anything is recorded.
    await this.runPipeline.inspect({ workspaceId, pipeline: plan.pipeline, input: plan.input }, 0);
    const draft = await this.drafts.create(workspaceId, { uploadId, name: plan.pipeline.name, sink: plan.pipeline.sink.use, request: options as Record<string, unknown> });
    return this.revise(workspaceId, draft.id, (current) => current);
  }

  async get(workspaceId: string, id: string): Promise<ImportDraftRecord> {
    const draft = await this.drafts.get(workspaceId, id);
    if (!draft) throw notFound('import', id);
    return draft;
  }

  /** Keeps the admin's values for one row and validates the import again. */
  async fixRow(workspaceId: string, id: string, rowKey: string, values: Record<string, string>): Promise<ImportDraftRecord> {
    const draft = await this.editable(workspaceId, id, rowKey);
    const columns = await this.columnsOf(workspaceId, draft);
    for (const column of Object.keys(values)) {
      if (!columns.has(column)) throw new ApiError(400, 'unknown_column', `The upload has no column "${column}". Its columns: ${[...columns].join(', ')}.`);
    }
    // Merged into the fixes as they are when the change is made, so two quick fixes of two rows both stay.
    return this.revise(workspaceId, id, (current) => ({
      fixes: { ...current.fixes, [rowKey]: { ...(current.fixes[rowKey] ?? {}), ...values } },
      excluded: current.excluded.filter((key) => key !== rowKey),
    }));
  }

  async revalidate(workspaceId: string, id: string): Promise<ImportDraftRecord> {
    return this.revise(workspaceId, id, (current) => current);
  }

  async excludeRow(workspaceId: string, id: string, rowKey: string, exclude: boolean): Promise<ImportDraftRecord> {
    await this.editable(workspaceId, id, rowKey);
    return this.revise(workspaceId, id, (current) => ({
      fixes: current.fixes,
      excluded: exclude ? [...new Set([...current.excluded, rowKey])] : current.excluded.filter((key) => key !== rowKey),
    }));
  }

  /**
   * Starts the run that writes the import, once. With an Idempotency-Key, a
   * retry of the same confirm gets the same run back; the run record and the
   * import's confirmation are written in one transaction.
   */
  async confirm(workspaceId: string, id: string, idempotencyKey: string | undefined): Promise<{ draft: ImportDraftRecord; validation: RunRecord; replayed: boolean }> {
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 200)) {
      throw new ApiError(400, 'invalid_idempotency_key', 'An Idempotency-Key holds 1 to 200 characters.');
    }
    // Read before the transaction: the embedded database has one connection, which the transaction holds.
    const upload = await this.planner.upload(workspaceId, (await this.get(workspaceId, id)).uploadId);
    const outcome = await this.db.transaction(async (sql) => {
      const draft = await this.drafts.get(workspaceId, id, sql, true);
      if (!draft) throw notFound('import', id);
      if (draft.status === 'cancelled') throw new ApiError(409, 'import_cancelled', `Import ${id} was cancelled; create a new import to run it.`);
      if (draft.status === 'confirmed') {
        if (idempotencyKey && draft.confirmKey === idempotencyKey) return { draft, replayed: true };
        throw new ApiError(409, 'already_confirmed', `Import ${id} was confirmed already; its run is ${draft.runId}.`, { runId: draft.runId });
      }
      if (draft.validation === 'validating') throw new ApiError(409, 'still_validating', `Import ${id} is still being validated; confirm it once its status is ready.`);
      if (draft.validation === 'invalid') {
        const validation = await new RunStore(sql).get(workspaceId, draft.validationRunId!);
        throw new ApiError(409, 'validation_failed', `Import ${id} could not be validated: ${validation?.error?.message ?? 'see its validation run'}.`);
      }
      const plan = this.planner.plan(workspaceId, upload, draft.request as ImportOptionsDto, draft);
      plan.pipeline.options = { ...plan.pipeline.options, dryRun: false };
      const runId = await this.runPipeline.enqueue({ workspaceId, pipeline: plan.pipeline, input: { label: upload.label, path: plan.inputPath } }, sql);
      await this.drafts.markConfirmed(sql, workspaceId, id, runId, idempotencyKey ?? null);
      return { draft: { ...draft, status: 'confirmed' as const, runId, confirmKey: idempotencyKey ?? null }, replayed: false };
    });
    // After the commit: a worker must find the run recorded. Handing it over again (a replay) queues it once.
    const run = (await new RunStore(this.db.sql).get(workspaceId, outcome.draft.runId!))!;
    if (run.status === 'queued') await this.launcher.dispatch(workspaceId, run.id);
    const validation = (await new RunStore(this.db.sql).get(workspaceId, outcome.draft.validationRunId!))!;
    return { draft: outcome.draft, validation, replayed: outcome.replayed };
  }

  /** A draft is cancelled (its validation stops); a confirmed import's run stops after its current batch. */
  async cancel(workspaceId: string, id: string): Promise<ImportDraftRecord> {
    const draft = await this.get(workspaceId, id);
    const runs = new RunStore(this.db.sql);
    if (draft.status === 'draft' && (await this.drafts.cancel(workspaceId, id))) {
      if (draft.validationRunId) await runs.requestCancel(workspaceId, draft.validationRunId);
      return this.get(workspaceId, id);
    }
    // Confirmed, perhaps a moment ago by another request: its run is what stops.
    const now = await this.get(workspaceId, id);
    if (now.status === 'confirmed' && now.runId) await runs.requestCancel(workspaceId, now.runId);
    return now;
  }

  /** The import as the admin sees it: where it stands, its summary, and its run once confirmed. */
  async view(workspaceId: string, draft: ImportDraftRecord) {
    const runs = new RunStore(this.db.sql);
    const validation = draft.validationRunId ? await runs.get(workspaceId, draft.validationRunId) : undefined;
    const run = draft.runId ? await runs.get(workspaceId, draft.runId) : undefined;
    const status: ImportStatus = draft.status === 'draft' ? draft.validation : draft.status;
    return {
      id: draft.id,
      name: draft.name,
      sink: draft.sink,
      status,
      uploadId: draft.uploadId,
      settings: draft.request,
      fixes: draft.fixes,
      excluded: draft.excluded,
      validation: validation ? runView(validation) : null,
      summary: validation && draft.validation === 'ready' ? summaryOf(validation) : null,
      run: run ? runView(run) : null,
      createdAt: draft.createdAt,
    };
  }

  private async editable(workspaceId: string, id: string, rowKey: string): Promise<ImportDraftRecord> {
    const draft = await this.get(workspaceId, id);
    if (!ROW_KEY.test(rowKey)) throw new ApiError(400, 'invalid_row', `"${rowKey}" is not a row: give its number as in the spreadsheet (12), or Sheet:12 in a workbook.`);
    if (draft.status !== 'draft') throw new ApiError(409, `import_${draft.status}`, `Import ${id} is ${draft.status}; its rows can no longer change.`);
    const row = await this.sourceRow(workspaceId, draft, rowKey);
    if (!row) throw new ApiError(404, 'unknown_row', `The file has no row ${rowKey}.`);
    // A row the file itself garbles (an unclosed quote, too many cells) never reaches the steps, fixes included.
    if (isRejected(row)) {
      const why = row.issues.find((issue) => issue.severity === 'error')?.message ?? 'it could not be read';
      throw new ApiError(409, 'row_unreadable', `Row ${rowKey} could not be read from the file (${why}). Correct it in the file and upload it again.`);
    }
    return draft;
  }

  /**
   * A draft's upload as its source reads it, before any step (and before the
   * admin's fixes): what reviews and error reports show beside the issues.
   */
  async uploadOf(workspaceId: string, draft: ImportDraftRecord): Promise<DraftUpload> {
    const upload = await this.planner.upload(workspaceId, draft.uploadId);
    const { pipeline, input, format } = this.planner.plan(workspaceId, upload, draft.request as ImportOptionsDto);
    return {
      label: upload.label,
      sheets: format === 'xlsx',
      columns: async () => {
        const seen = await this.runPipeline.inspect({ workspaceId, pipeline, input }, 0);
        // Sheets may differ: every column any sheet has, by key, in order of first appearance.
        return [...new Map(seen.streams.flatMap((s) => s.columns).map((c) => [c.key, c])).values()];
      },
      rows: () => this.runPipeline.sourceRows({ workspaceId, pipeline, input }),
    };
  }

  /** One row of the upload as the source reads it (streamed up to it). */
  private async sourceRow(workspaceId: string, draft: ImportDraftRecord, rowKey: string): Promise<Row | undefined> {
    for await (const row of (await this.uploadOf(workspaceId, draft)).rows()) {
      if (rowKeyOf(row.at) === rowKey) return row;
    }
    return undefined;
  }

  private async columnsOf(workspaceId: string, draft: ImportDraftRecord): Promise<Set<string>> {
    return new Set((await (await this.uploadOf(workspaceId, draft)).columns()).map((c) => c.key));
  }

  /**
   * Changes a draft's fixes and exclusions and records the dry-run that
   * validates the import as it now stands, in one transaction holding the
   * draft: a change made while the import is confirmed is refused, never
   * silently lost. The previous validation, if still going, is stopped.
   */
  private async revise(
    workspaceId: string, id: string, change: (current: ImportDraftRecord) => Pick<ImportDraftRecord, 'fixes' | 'excluded'>,
  ): Promise<ImportDraftRecord> {
    // Read before the transaction: the embedded database has one connection, which the transaction holds.
    const upload = await this.planner.upload(workspaceId, (await this.get(workspaceId, id)).uploadId);
    const { runId, previous } = await this.db.transaction(async (sql) => {
      const draft = await this.drafts.get(workspaceId, id, sql, true);
      if (!draft) throw notFound('import', id);
      if (draft.status !== 'draft') throw new ApiError(409, `import_${draft.status}`, `Import ${id} is ${draft.status}; its rows can no longer change.`);
      const next = change(draft);
      const plan = this.planner.plan(workspaceId, upload, draft.request as ImportOptionsDto, next);
      plan.pipeline.options = { ...plan.pipeline.options, dryRun: true };
      const validationRunId = await this.runPipeline.enqueue({ workspaceId, pipeline: plan.pipeline, input: { label: upload.label, path: plan.inputPath } }, sql);
      await this.drafts.revise(workspaceId, id, { ...next, validationRunId }, sql);
      return { runId: validationRunId, previous: draft.validationRunId };
    });
    if (previous) await new RunStore(this.db.sql).requestCancel(workspaceId, previous);
    await this.launcher.dispatch(workspaceId, runId);
    return this.get(workspaceId, id);
  }
}

/** What confirming would do, from the dry-run that classified every row. */
function summaryOf(validation: RunRecord) {
  const c = validation.counts;
  return { rows: c.read, wouldCreate: c.created, wouldUpdate: c.updated, unchanged: c.unchanged, rejected: c.failed, skipped: c.skipped, warnings: c.warnings };
}

export function runView(run: RunRecord) {
  return {
    id: run.id,
    name: run.name,
    sink: run.sink,
    status: run.status,
    dryRun: run.dryRun,
    counts: run.counts,
    checkpointRow: run.checkpointRow,
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
