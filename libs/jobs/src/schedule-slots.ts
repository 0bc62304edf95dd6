import { RunStore, ScheduleStore, type Database } from '@ferry/domain';
import type { PipelineDocument, RunPipeline, RunResult } from '@ferry/engine';
import { fileInput } from '@ferry/sdk';
import * as path from 'node:path';

/** The job a schedule's slot puts on the runs queue (the scheduler's id is the schedule's id). */
export const SLOT_JOB = 'slot';

export interface SlotJobData {
  workspaceId: string;
  scheduleId: string;
  /** ISO time of the slot; set for `run-now`, otherwise the scheduler's slot time is used. */
  slot?: string;
}

export type SlotOutcome =
  | { outcome: 'ran'; result: RunResult }
  | { outcome: 'awaiting_approval'; runId: string; approval: ApprovalCheck }
  | { outcome: 'skipped'; reason: 'previous run still going' | 'schedule paused or removed' };

/** What the safety check found: the run would change more than the schedule's share of the sink's records. */
export interface ApprovalCheck {
  threshold: number;
  existingRecords: number;
  wouldCreate: number;
  wouldUpdate: number;
  checkRunId: string;
}

/**
 * Runs one slot of a schedule, exactly once however many workers see it: the
 * slot's run is created once (unique per schedule and slot), a retried slot
 * goes on with its own run from the checkpoint, and a slot that comes while
 * the previous run is still going is skipped, not stacked. The source's
 * cursor is saved only when the run succeeds.
 */
export async function processSlot(
  data: SlotJobData,
  slot: Date,
  deps: { db: Database; runPipeline: RunPipeline; signal?: AbortSignal },
): Promise<SlotOutcome> {
  const schedules = new ScheduleStore(deps.db.sql);
  const runs = new RunStore(deps.db.sql);
  const schedule = await schedules.find(data.workspaceId, data.scheduleId);
  if (!schedule || (!schedule.enabled && !data.slot)) return { outcome: 'skipped', reason: 'schedule paused or removed' };

  let runId = await runs.findBySlot(data.workspaceId, schedule.id, slot);
  if (!runId) {
    if (await runs.scheduleBusy(data.workspaceId, schedule.id)) {
      await schedules.countSkippedSlot(data.workspaceId, schedule.id);
      return { outcome: 'skipped', reason: 'previous run still going' };
    }
    const pipeline = { ...(schedule.pipeline as unknown as PipelineDocument), name: runName(schedule.name, slot) };
    const input = pipeline.input ? { label: path.basename(pipeline.input), path: pipeline.input } : undefined;
    const approval = schedule.changeThreshold === null ? undefined : await overThreshold(schedule.changeThreshold, pipeline, data.workspaceId, schedule.state, deps);
    runId = await deps.runPipeline.enqueue({
      workspaceId: data.workspaceId, pipeline, input, schedule: { id: schedule.id, slot }, awaitingApproval: approval as Record<string, unknown> | undefined,
    });
    // Another worker created this slot's run between our two statements: it runs it.
    if (!runId) return { outcome: 'skipped', reason: 'previous run still going' };
    if (approval) return { outcome: 'awaiting_approval', runId, approval };
  }
  const inputPath = (schedule.pipeline as { input?: string }).input;
  // The schedule keeps the pipeline with its secrets (an API token); the run record keeps it redacted.
  const pipeline = { ...(schedule.pipeline as unknown as PipelineDocument), name: runName(schedule.name, slot) };
  const result = await deps.runPipeline.start({
    workspaceId: data.workspaceId, runId, pipeline, state: schedule.state, signal: deps.signal, input: inputPath ? fileInput(inputPath) : undefined,
  });
  if ((result.status === 'completed' || result.status === 'completed_with_errors') && result.nextState !== undefined) {
    await schedules.saveState(data.workspaceId, schedule.id, result.nextState);
  }
  return { outcome: 'ran', result };
}

/**
 * The safety check of a sync: a dry-run of the slot's pipeline (kept in the
 * history as "… (check)"), compared with how many records the sink holds.
 * Returns what it found when the run would change more than the threshold's
 * share of them, undefined when the run may go ahead.
 */
async function overThreshold(
  threshold: number,
  pipeline: PipelineDocument,
  workspaceId: string,
  state: unknown,
  deps: { runPipeline: RunPipeline; signal?: AbortSignal },
): Promise<ApprovalCheck | undefined> {
  const check = await deps.runPipeline.execute({
    workspaceId,
    pipeline: { ...pipeline, name: `${pipeline.name} (check)`, options: { ...pipeline.options, dryRun: true } },
    input: pipeline.input ? fileInput(pipeline.input) : undefined,
    state,
    signal: deps.signal,
  });
  // A check that could not run does not hold the sync back: the run itself will fail the same way, visibly.
  if (check.status === 'failed' || check.status === 'cancelled') return undefined;
  const existingRecords = await deps.runPipeline.countSinkRecords(workspaceId, pipeline);
  const wouldChange = check.counts.created + check.counts.updated;
  if (wouldChange <= threshold * existingRecords) return undefined;
  return { threshold, existingRecords, wouldCreate: check.counts.created, wouldUpdate: check.counts.updated, checkRunId: check.runId };
}

const runName = (schedule: string, slot: Date) => `${schedule} — ${slot.toISOString().slice(0, 19).replace('T', ' ')}`;
