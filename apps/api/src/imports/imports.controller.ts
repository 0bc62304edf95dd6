import { ImportDraftStore, RunStore, type Database, type DraftStatus, type DraftValidation } from '@ferry/domain';
import { DATABASE } from '@ferry/engine';
import { rowKey } from '@ferry/connectors/step-row-fixes';
import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiError } from '../http/api-error';
import { ownMap, RawBody, text, withColumnMaps } from '../http/raw-maps';
import { WorkspaceId } from '../http/auth';
import { NO_REJECTIONS, storedRejections, writeCsvReport, writeXlsxReport } from './error-report';
import { CreateImportDto, ImportListQuery, RowFixDto } from './import-options.dto';
import { ImportsService } from './imports.service';

/** Steps 3 to 8 of an import: create (a dry-run), review and fix, confirm, follow, history, error report. */
@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly imports: ImportsService,
  ) {}

  @Post()
  async create(@WorkspaceId() workspaceId: string, @Body() body: CreateImportDto, @RawBody() raw: Record<string, unknown>) {
    return this.imports.view(workspaceId, await this.imports.create(workspaceId, withColumnMaps(body, raw)));
  }

  /** The history: newest first, filterable by status, sink and name. */
  @Get()
  async list(@WorkspaceId() workspaceId: string, @Query() query: ImportListQuery) {
    // validating, ready and invalid are a draft's validation; the others its own status.
    const validation = ['validating', 'ready', 'invalid'].includes(query.status ?? '') ? (query.status as DraftValidation) : undefined;
    const status = validation ? undefined : (query.status as DraftStatus | undefined);
    const drafts = await new ImportDraftStore(this.db.sql).list(workspaceId, { ...query, status, validation, limit: query.limit ?? 50 });
    return { imports: await Promise.all(drafts.map((d) => this.imports.view(workspaceId, d))) };
  }

  @Get(':id')
  async get(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    return this.imports.view(workspaceId, await this.imports.get(workspaceId, id));
  }

  /** Flagged rows with their issues and the values the import reads for them (the file's, or the admin's fix). */
  @Get(':id/rows')
  async rows(
    @WorkspaceId() workspaceId: string, @Param('id') id: string,
    @Query('severity') severity?: string, @Query('limit') limit = '50', @Query('offset') offset = '0',
  ) {
    if (severity !== undefined && severity !== 'error' && severity !== 'warning') throw new ApiError(400, 'invalid_severity', 'severity is error or warning.');
    const page = { limit: clamp(limit, 1, 500, 'limit'), offset: clamp(offset, 0, Number.MAX_SAFE_INTEGER, 'offset') };
    const draft = await this.imports.get(workspaceId, id);
    const runId = draft.runId ?? draft.validationRunId;
    if (!runId) return { total: 0, rows: [] };
    const flagged = await new RunStore(this.db.sql).flaggedRows(workspaceId, runId, { ...page, severity: severity as 'error' | undefined });
    const wanted = new Map(flagged.rows.map((r) => [rowKey({ sheet: r.sheet ?? undefined, row: r.row }), r]));
    const values = new Map<string, Record<string, unknown>>();
    if (wanted.size) {
      for await (const row of (await this.imports.uploadOf(workspaceId, draft)).rows()) {
        const key = rowKey(row.at);
        if (wanted.has(key)) values.set(key, { ...row.values });
        if (values.size === wanted.size) break;
      }
    }
    return {
      total: flagged.total,
      rows: [...wanted].map(([key, r]) => ({
        key, row: r.row, ...(r.sheet ? { sheet: r.sheet } : {}),
        values: values.get(key) ?? null, fix: draft.fixes[key] ?? null, excluded: draft.excluded.includes(key),
        issues: r.issues,
      })),
    };
  }

  /** Fixes a row in place: the values are kept with the import, and the import is validated again. */
  @Patch(':id/rows/:row')
  async fix(@WorkspaceId() workspaceId: string, @Param('id') id: string, @Param('row') row: string, @Body() _body: RowFixDto, @RawBody() raw: Record<string, unknown>) {
    return this.imports.view(workspaceId, await this.imports.fixRow(workspaceId, id, row, ownMap(raw.values, text('values'))!));
  }

  @Post(':id/rows/:row/exclude')
  @HttpCode(200)
  async exclude(@WorkspaceId() workspaceId: string, @Param('id') id: string, @Param('row') row: string) {
    return this.imports.view(workspaceId, await this.imports.excludeRow(workspaceId, id, row, true));
  }

  @Delete(':id/rows/:row/exclude')
  async include(@WorkspaceId() workspaceId: string, @Param('id') id: string, @Param('row') row: string) {
    return this.imports.view(workspaceId, await this.imports.excludeRow(workspaceId, id, row, false));
  }

  /** Validates the import again as it stands (after a validation that failed or was interrupted). */
  @Post(':id/validate')
  @HttpCode(200)
  async validate(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    return this.imports.view(workspaceId, await this.imports.revalidate(workspaceId, id));
  }

  /** Returns the summary and starts the run. Send an Idempotency-Key so a retried confirm starts one run only. */
  @Post(':id/confirm')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async confirm(@WorkspaceId() workspaceId: string, @Param('id') id: string, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) response: Response) {
    const { draft, replayed } = await this.imports.confirm(workspaceId, id, key);
    response.status(replayed ? 200 : 202);
    return this.imports.view(workspaceId, draft);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    return this.imports.view(workspaceId, await this.imports.cancel(workspaceId, id));
  }

  /** The rejected rows with their original columns, row number and message: fix the file and upload it as a new import. */
  @Get(':id/errors.:format')
  async errors(@WorkspaceId() workspaceId: string, @Param('id') id: string, @Param('format') format: string, @Res() response: Response) {
    if (format !== 'csv' && format !== 'xlsx') throw new ApiError(404, 'not_found', 'Error reports come as errors.csv or errors.xlsx.');
    const draft = await this.imports.get(workspaceId, id);
    const runId = draft.runId ?? draft.validationRunId;
    const rejected = runId ? await storedRejections(new RunStore(this.db.sql), workspaceId, runId) : NO_REJECTIONS;
    const upload = await this.imports.uploadOf(workspaceId, draft);
    const report = { columns: await upload.columns(), sheets: upload.sheets, rejected, fixes: draft.fixes, rows: upload.rows() };
    const base = `${upload.label.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'import'}-errors.${format}`;
    response.setHeader('Content-Disposition', `attachment; filename="${base}"`);
    if (format === 'csv') {
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      await writeCsvReport(report, response);
    } else {
      response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      await writeXlsxReport(report, response);
    }
  }
}

function clamp(value: string, min: number, max: number, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ApiError(400, `invalid_${name}`, `${name} must be a whole number from ${min}.`);
  return n;
}
