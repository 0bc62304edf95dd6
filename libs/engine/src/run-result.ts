import type { RunCounts, RunStatus } from '@ferry/domain';

export interface RunResult {
  runId: string;
  name: string;
  status: RunStatus;
  dryRun: boolean;
  counts: RunCounts;
  /** Why the run failed as a whole. */
  error?: { code: string; message: string };
}

/** Called after every committed batch. */
export type ProgressListener = (progress: { counts: RunCounts; checkpointRow: number | null; bytesRead?: number }) => void;
