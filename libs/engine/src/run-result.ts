import type { RunCounts, RunStatus } from '@ferry/domain';
import type { FieldSpec, Row, StreamInfo } from '@ferry/sdk';

export interface RunResult {
  runId: string;
  name: string;
  status: RunStatus;
  dryRun: boolean;
  counts: RunCounts;
  /** Why the run failed as a whole; `retryable` when another attempt may succeed (a lost connection), going on from the checkpoint. */
  error?: { code: string; message: string; retryable?: boolean };
  /** A syncing source's cursor after this run, to be saved for the next one (only when the run completed). */
  nextState?: unknown;
}

/** Called after every committed batch. */
export type ProgressListener = (progress: { counts: RunCounts; checkpointRow: number | null; bytesRead?: number }) => void;

/** What `RunPipeline.inspect` saw of an import before running it. */
export interface PipelineInspection {
  streams: StreamInfo[];
  fields: FieldSpec[];
  /** Each step's account of itself (map-columns: the mapping, how each column was matched, what stayed unmapped). */
  steps: Record<string, unknown>[];
  /** The first rows as the source read them. */
  sample: Row[];
}
