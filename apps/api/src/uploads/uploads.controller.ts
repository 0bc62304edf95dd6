import { UploadStore, type Database, type FerryEnv, type UploadRecord } from '@ferry/domain';
import { DATABASE, ENV, RunPipeline } from '@ferry/engine';
import { FerryError } from '@ferry/sdk';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { ApiError } from '../http/api-error';
import { RawBody, withColumnMaps } from '../http/raw-maps';
import { WorkspaceId } from '../http/auth';
import { ImportOptionsDto, PasteDto } from '../imports/import-options.dto';
import { ImportPlanner } from '../imports/import-planner';
import { fileLabel, storeStream, type StoredFile } from './upload-storage';

const PREVIEW_ROWS = 20;
const MAPPING_PROBLEMS = new Set(['missing_required_field', 'unknown_column', 'unknown_field', 'field_mapped_twice', 'ambiguous_column']);

/** Step 1 and 2 of an import: upload a file (or paste a table), then preview it for a sink. */
@ApiTags('uploads')
@Controller('uploads')
export class UploadsController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(ENV) private readonly env: FerryEnv,
    private readonly planner: ImportPlanner,
    private readonly runPipeline: RunPipeline,
  ) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  // The interceptor's storage and size limit are set in ApiModule (they come from the environment).
  @UseInterceptors(FileInterceptor('file'))
  async upload(@WorkspaceId() workspaceId: string, @UploadedFile() file?: Express.Multer.File & StoredFile): Promise<unknown> {
    if (!file) throw new ApiError(400, 'no_file', 'Send the file as multipart/form-data in a part named "file".');
    const record = await new UploadStore(this.db.sql).create(workspaceId, {
      id: file.id, label: file.originalname, kind: 'file', storedName: file.storedName, sha256: file.sha256, size: file.size,
    });
    return uploadView(record);
  }

  @Post('paste')
  async paste(@WorkspaceId() workspaceId: string, @Body() body: PasteDto): Promise<unknown> {
    const bytes = Buffer.from(body.text, 'utf8');
    if (bytes.length > this.env.FERRY_UPLOAD_MAX_BYTES) throw new ApiError(413, 'upload_too_large', 'The pasted table is larger than this server accepts (FERRY_UPLOAD_MAX_BYTES); upload it as a file in parts.');
    const label = body.label === undefined ? 'pasted table' : fileLabel(body.label);
    const stored = await storeStream(this.env.FERRY_HOME, workspaceId, Readable.from([bytes]));
    const record = await new UploadStore(this.db.sql).create(workspaceId, {
      id: stored.id, label, kind: 'paste', storedName: stored.storedName, sha256: stored.sha256, size: stored.size,
    });
    return uploadView(record);
  }

  @Get(':id')
  async get(@WorkspaceId() workspaceId: string, @Param('id') id: string): Promise<unknown> {
    return uploadView(await this.planner.upload(workspaceId, id));
  }

  /** The default preview: for crm-contacts unless `?sink=` says otherwise. */
  @Get(':id/preview')
  async previewDefault(@WorkspaceId() workspaceId: string, @Param('id') id: string, @Query('sink') sink?: string): Promise<unknown> {
    return this.preview(workspaceId, id, { sink });
  }

  /** A preview with the admin's choices so far (format, sheets, mapping, ...). */
  @Post(':id/preview')
  @HttpCode(200)
  async previewWith(@WorkspaceId() workspaceId: string, @Param('id') id: string, @Body() options: ImportOptionsDto, @RawBody() raw: Record<string, unknown>): Promise<unknown> {
    return this.preview(workspaceId, id, withColumnMaps(options, raw));
  }

  private async preview(workspaceId: string, id: string, options: ImportOptionsDto): Promise<unknown> {
    const upload = await this.planner.upload(workspaceId, id);
    const plan = this.planner.plan(workspaceId, upload, options);
    let mappingProblem: { code: string; message: string } | undefined;
    let seen;
    try {
      seen = await this.runPipeline.inspect({ workspaceId, pipeline: plan.pipeline, input: plan.input }, PREVIEW_ROWS);
    } catch (error) {
      // A mapping that does not work yet (no email column found, a column named twice) is what the
      // admin is here to fix: show the file anyway, with the problem, instead of refusing the preview.
      if (!(error instanceof FerryError) || !MAPPING_PROBLEMS.has(error.code)) throw error;
      mappingProblem = { code: error.code, message: error.message };
      seen = await this.runPipeline.inspect({ workspaceId, pipeline: { ...plan.pipeline, steps: [] }, input: plan.input }, PREVIEW_ROWS);
    }
    const mapping = seen.steps.find((s) => s.step === 'map-columns') as
      | { mapping: Record<string, { field: string; how: string }>; unmapped: string[]; ambiguous: Record<string, string[]> }
      | undefined;
    const details = seen.streams[0]?.details ?? {};
    const columns = [...new Map(seen.streams.flatMap((s) => s.columns).map((c) => [c.key, { key: c.key, header: c.header }])).values()];
    return {
      upload: uploadView(upload),
      sink: plan.pipeline.sink.use,
      format: plan.format,
      encoding: details.encoding ?? null,
      delimiter: details.delimiter ?? null,
      sheets: plan.format === 'xlsx' ? seen.streams.map((s) => ({ name: s.name, columns: s.columns.map((c) => c.header) })) : [],
      columns,
      rows: seen.sample.map((row) => ({ row: row.at.row, ...(row.at.sheet ? { sheet: row.at.sheet } : {}), values: { ...row.values } })),
      fields: seen.fields.map((f) => ({ key: f.key, label: f.label, type: f.type, required: Boolean(f.required), custom: Boolean(f.custom), ...(f.options ? { options: f.options } : {}) })),
      // Each column: the field it goes to (a field, a custom field's key, "tags"), or "skip".
      suggestedMapping: mapping ? suggested(columns.map((c) => c.key), mapping) : null,
      ambiguous: mapping?.ambiguous ?? {},
      mappingProblem: mappingProblem ?? null,
      issues: seen.streams.flatMap((s) => s.issues ?? []),
    };
  }
}

function suggested(columns: string[], summary: { mapping: Record<string, { field: string }> }): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const column of columns) result[column] = summary.mapping[column]?.field ?? 'skip';
  return result;
}

export function uploadView(upload: UploadRecord) {
  return { id: upload.id, label: upload.label, kind: upload.kind, size: upload.size, sha256: upload.sha256, createdAt: upload.createdAt, removedAt: upload.removedAt ?? null };
}
