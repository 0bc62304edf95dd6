import { RunStore, type Database } from '@ferry/domain';
import type { RunPipeline, RunResult } from '@ferry/engine';
import { fileInput } from '@ferry/sdk';
import type { RunJobData } from './run-jobs';

/**
 * Executes one queued run: starts it, or — when an earlier attempt died —
 * goes on from its checkpoint. The input is read from where the run was
 * recorded (a path every worker can reach).
 */
export async function processRun(job: RunJobData, deps: { db: Database; runPipeline: RunPipeline; signal?: AbortSignal; onProgress?: Parameters<RunPipeline['start']>[0]['onProgress'] }): Promise<RunResult> {
  const run = await new RunStore(deps.db.sql).get(job.workspaceId, job.runId);
  if (!run) throw new Error(`Run ${job.runId} does not exist.`);
  const { inputPath: path, input: label } = run.settings as { inputPath?: string; input?: string };
  return deps.runPipeline.start({
    workspaceId: job.workspaceId,
    runId: job.runId,
    // Issues name the file as the user knows it (an upload is stored under a generated name).
    input: path ? fileInput(path, label) : undefined,
    signal: deps.signal,
    onProgress: deps.onProgress,
  });
}
