import { UploadStore, type Database, type FerryEnv, type UploadRecord } from '@ferry/domain';
import { DATABASE, detectFormat, ENV, importPipeline, REGISTRY, type OptionNames, type PipelineDocument } from '@ferry/engine';
import { fileInput, type PluginRegistry, type SourceInput } from '@ferry/sdk';
import { Inject, Injectable } from '@nestjs/common';
import { ApiError, notFound } from '../http/api-error';
import { uploadPath } from '../uploads/upload-storage';
import type { ImportOptionsDto } from './import-options.dto';

/** The API spells options as their JSON properties. */
const API_NAMES: OptionNames = { tags: 'tags', mapping: 'mapping', sheets: 'sheets', sinkOptions: 'options' };

export interface ImportPlan {
  upload: UploadRecord;
  pipeline: PipelineDocument;
  input: SourceInput;
  inputPath: string;
  format: string;
}

/**
 * Turns an upload and the admin's choices into the pipeline the engine runs:
 * the same recipe as `ferry import`, with the admin's fixes first when there
 * are any.
 */
@Injectable()
export class ImportPlanner {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(ENV) private readonly env: FerryEnv,
    @Inject(REGISTRY) private readonly registry: PluginRegistry,
  ) {}

  async upload(workspaceId: string, uploadId: string): Promise<UploadRecord> {
    const upload = await new UploadStore(this.db.sql).get(workspaceId, uploadId);
    if (!upload) throw notFound('upload', uploadId);
    return upload;
  }

  /** The upload's file as a source input; one deleted for its age is gone (410). */
  inputOf(workspaceId: string, upload: UploadRecord): { input: SourceInput; inputPath: string } {
    if (upload.removedAt) {
      throw new ApiError(410, 'upload_removed', `The file "${upload.label}" was deleted on ${upload.removedAt.slice(0, 10)}: uploads are kept ${this.env.FERRY_UPLOAD_RETENTION_DAYS} days (FERRY_UPLOAD_RETENTION_DAYS). Upload it again to import or review it.`);
    }
    const inputPath = uploadPath(this.env.FERRY_HOME, workspaceId, upload.storedName);
    return { input: fileInput(inputPath, upload.label), inputPath };
  }

  plan(workspaceId: string, upload: UploadRecord, options: ImportOptionsDto, review?: { fixes: Record<string, Record<string, string>>; excluded: string[] }): ImportPlan {
    const sink = options.sink ?? 'crm-contacts';
    if (!this.registry.has('sink', sink)) {
      const known = this.registry.list('sink').map((p) => p.manifest.name).join(', ');
      throw new ApiError(400, 'unknown_sink', `There is no sink "${sink}". Sinks: ${known}.`);
    }
    const { input, inputPath } = this.inputOf(workspaceId, upload);
    const format = options.format ?? (upload.kind === 'paste' ? 'paste' : detectFormat(inputPath, upload.label));
    const pipeline = importPipeline(upload.label, {
      ...options,
      into: sink,
      format,
      batchSize: this.env.FERRY_BATCH_SIZE,
      sinkOptions: options.options,
    }, API_NAMES);
    if (review && (Object.keys(review.fixes).length || review.excluded.length)) {
      pipeline.steps.unshift({ use: 'row-fixes', config: { fixes: review.fixes, exclude: review.excluded } });
    }
    return { upload, pipeline, input, inputPath, format };
  }
}
