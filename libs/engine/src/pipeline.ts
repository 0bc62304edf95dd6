import { ConfigError } from '@ferry/sdk';

/** A plugin and its settings, as written in a pipeline document. */
export interface PluginRef {
  use: string;
  config?: Record<string, unknown>;
}

/**
 * A pipeline is data: the CLI, the API, the worker and schedules all build one
 * of these and hand it to the same engine.
 */
export interface PipelineDocument {
  name: string;
  source: PluginRef;
  steps: PluginRef[];
  sink: PluginRef;
  /**
   * A file the source reads, for pipelines that run unattended (a schedule
   * syncing an export another system drops in a folder). Interactive imports
   * hand the engine their file instead.
   */
  input?: string;
  options?: {
    dryRun?: boolean;
    /** Rows per transaction (default 1,000). */
    batchSize?: number;
  };
}

export const DEFAULT_BATCH_SIZE = 1000;

/** Checks the document's shape (plugin configs are checked by each plugin's config class). */
export function checkPipeline(doc: PipelineDocument): void {
  if (!doc || typeof doc !== 'object') throw new ConfigError('invalid_pipeline', 'A pipeline must be an object.');
  if (typeof doc.name !== 'string' || !doc.name.trim()) throw new ConfigError('invalid_pipeline', 'A pipeline needs a name.');
  if (doc.name.length > 200) throw new ConfigError('invalid_pipeline', 'A pipeline name may have at most 200 characters.');
  for (const [role, ref] of [['source', doc.source], ['sink', doc.sink], ...(doc.steps ?? []).map((s) => ['step', s] as const)] as const) {
    if (!ref || typeof ref.use !== 'string') throw new ConfigError('invalid_pipeline', `The pipeline's ${role} must name a plugin ("use").`);
  }
  if (doc.input !== undefined && (typeof doc.input !== 'string' || !doc.input.trim())) {
    throw new ConfigError('invalid_pipeline', 'The pipeline\'s input must be a file path.');
  }
  const size = doc.options?.batchSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > 100_000)) {
    throw new ConfigError('invalid_pipeline', 'batchSize must be a whole number from 1 to 100,000.');
  }
}
