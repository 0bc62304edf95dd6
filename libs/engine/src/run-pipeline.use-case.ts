import { emptyCounts, RunStore, type Database, type RunCounts } from '@ferry/domain';
import {
  ConfigError,
  FerryError,
  isRejected,
  makeIssue,
  resolveConfig,
  type ColumnInfo,
  type PluginRegistry,
  type Row,
  type RowIssue,
  type SinkContext,
  type SinkWriter,
  type SourceInput,
  type Step,
} from '@ferry/sdk';
import { batchesOf } from './batches';
import { trackInput } from './input-tracking';
import { transformInSlices } from './transform-in-slices';
import { checkPipeline, DEFAULT_BATCH_SIZE, type PipelineDocument } from './pipeline';
import type { ProgressListener, RunResult } from './run-result';

export interface RunPipelineRequest {
  workspaceId: string;
  pipeline: PipelineDocument;
  input?: SourceInput;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/** Everything a run needs, checked before the first row is read. */
interface PreparedRun {
  bytesRead: () => number | undefined;
  read: () => AsyncIterable<Row>;
  steps: Step[];
  writer: SinkWriter;
  headerIssues: RowIssue[];
  summary: Record<string, unknown>;
}

/**
 * Runs one pipeline: source → steps → sink, in batches of one transaction
 * each. Every setting is checked and every plugin prepared before anything is
 * written, so a bad file or mapping fails with nothing but the run record.
 * While one batch is being written, the next is parsed and transformed.
 */
export class RunPipeline {
  constructor(
    private readonly db: Database,
    private readonly registry: PluginRegistry,
  ) {}

  async execute(request: RunPipelineRequest): Promise<RunResult> {
    const { workspaceId, pipeline } = request;
    checkPipeline(pipeline);
    this.checkPlugins(pipeline);
    const runId = await new RunStore(this.db.sql).create(workspaceId, {
      name: pipeline.name,
      sink: pipeline.sink.use,
      dryRun: pipeline.options?.dryRun ?? false,
      settings: { pipeline, input: request.input?.label },
    });
    return this.run(request, runId, emptyCounts());
  }

  /**
   * Goes on with a run that stopped (crashed, or failed on a passing error),
   * reading the same input again: the rows its committed batches hold are
   * passed through the steps once more, so steps that remember earlier rows
   * (dedupe) know them, but are not written or counted again. The run ends as
   * a run that never stopped would have.
   */
  async resume(request: Omit<RunPipelineRequest, 'pipeline'> & { runId: string }): Promise<RunResult> {
    const runs = new RunStore(this.db.sql);
    const run = await runs.get(request.workspaceId, request.runId);
    if (!run) throw new ConfigError('unknown_run', `There is no run ${request.runId}.`);
    if (run.dryRun) throw new ConfigError('run_not_resumable', `Run ${run.id} is a dry-run: start it again instead.`);
    if (run.status !== 'running' && run.status !== 'failed') {
      throw new ConfigError('run_not_resumable', `Run ${run.id} is ${run.status.replace(/_/g, ' ')}; only a running or failed run can go on.`);
    }
    const pipeline = (run.settings as { pipeline: PipelineDocument }).pipeline;
    checkPipeline(pipeline);
    this.checkPlugins(pipeline);
    await runs.reopen(request.workspaceId, run.id);
    return this.run({ ...request, pipeline }, run.id, { ...run.counts }, { alreadyCommitted: run.counts.read });
  }

  /** `resumed.alreadyCommitted`: rows at the start of the input that a previous attempt wrote. */
  private async run(request: RunPipelineRequest, runId: string, counts: RunCounts, resumed?: { alreadyCommitted: number }): Promise<RunResult> {
    const { workspaceId, pipeline } = request;
    const dryRun = pipeline.options?.dryRun ?? false;
    const runs = new RunStore(this.db.sql);
    const context: SinkContext = { workspaceId, runId, dryRun, db: this.db.sql };
    const result = (status: RunResult['status'], error?: RunResult['error']): RunResult => ({
      runId, name: pipeline.name, status, dryRun, counts, error,
    });

    const steps: Step[] = [];
    try {
      const prepared = await this.prepare(request, context, steps);
      if (!resumed) {
        await runs.updateSettings(workspaceId, runId, { pipeline, input: request.input?.label, ...prepared.summary });
        if (prepared.headerIssues.length) {
          const headerCounts = { ...emptyCounts(), warnings: prepared.headerIssues.length };
          await runs.recordBatch(workspaceId, runId, prepared.headerIssues, headerCounts, null);
          counts.warnings += prepared.headerIssues.length;
        }
      }

      const cancelled = await this.stream(request, prepared, context, counts, resumed?.alreadyCommitted ?? 0);
      if (cancelled) {
        await runs.finish(workspaceId, runId, 'cancelled');
        return result('cancelled');
      }
      if (prepared.writer.finish) await this.db.transaction((sql) => prepared.writer.finish!({ ...context, db: sql }));
      const status = counts.failed > 0 ? 'completed_with_errors' : 'completed';
      await runs.finish(workspaceId, runId, status);
      return result(status);
    } catch (error) {
      const reason = describeFailure(error);
      await runs.finish(workspaceId, runId, 'failed', reason);
      return result('failed', reason);
    } finally {
      await Promise.allSettled(steps.map((step) => step.close?.()));
    }
  }

  /** Unknown plugins and invalid settings are the caller's mistake: a ConfigError, before any run record. */
  private checkPlugins(pipeline: PipelineDocument): void {
    resolveConfig(this.registry.get('source', pipeline.source.use), pipeline.source.config);
    resolveConfig(this.registry.get('sink', pipeline.sink.use), pipeline.sink.config);
    for (const ref of pipeline.steps) resolveConfig(this.registry.get('step', ref.use), ref.config);
  }

  /** `steps` is filled as steps are created, so the caller can close them even when a later one fails. */
  private async prepare(request: RunPipelineRequest, context: SinkContext, steps: Step[]): Promise<PreparedRun> {
    const { pipeline, input } = request;
    const source = this.registry.get('source', pipeline.source.use);
    const sourceConfig = resolveConfig<object>(source, pipeline.source.config);
    const sink = this.registry.get('sink', pipeline.sink.use);
    const sinkConfig = resolveConfig<object>(sink, pipeline.sink.config);
    const tracked = trackInput(input);
    const sourceContext = { input: tracked.input, signal: request.signal };

    const [stream] = await source.discover(sourceConfig, sourceContext);
    const fields = await sink.fields(sinkConfig, context);
    let columns: ColumnInfo[] = stream?.columns ?? [];
    const stepSummaries: Record<string, unknown>[] = [];
    for (const ref of pipeline.steps) {
      const plugin = this.registry.get('step', ref.use);
      const step = await plugin.create(resolveConfig<object>(plugin, ref.config), { columns, fields });
      steps.push(step);
      if (step.summary) stepSummaries.push({ step: ref.use, ...step.summary });
      columns = step.columns ?? columns;
    }
    const writer = await sink.open(sinkConfig, context);
    return {
      bytesRead: tracked.bytesRead,
      read: () => source.read(sourceConfig, sourceContext),
      steps,
      writer,
      headerIssues: stream?.issues ?? [],
      summary: { source: stream?.details ?? {}, steps: stepSummaries },
    };
  }

  /** Streams all rows through; returns true when the run was cancelled. */
  private async stream(request: RunPipelineRequest, run: PreparedRun, context: SinkContext, counts: RunCounts, alreadyCommitted: number): Promise<boolean> {
    const batchSize = request.pipeline.options?.batchSize ?? DEFAULT_BATCH_SIZE;
    let inFlight: Promise<void> = Promise.resolve();
    let ordinal = 0;
    try {
      for await (const batch of batchesOf(run.read(), batchSize)) {
        // A row the source could not read (ragged, unclosed quote) goes straight to the
        // report: the steps would only pile their own complaints onto its empty cells.
        let rows = batch;
        const unreadable = rows.filter(isRejected);
        let passed = unreadable.length ? rows.filter((row) => !isRejected(row)) : rows;
        passed = await transformInSlices(run.steps, passed);
        if (unreadable.length) passed = [...unreadable, ...passed];
        const first = ordinal;
        ordinal += rows.length;
        if (first < alreadyCommitted) {
          // Replayed rows: the steps have seen them again; they were written before.
          const written = new Set(rows.slice(0, alreadyCommitted - first).map(originKey));
          rows = rows.filter((row) => !written.has(originKey(row)));
          passed = passed.filter((row) => !written.has(originKey(row)));
          if (rows.length === 0) continue;
        }
        // The previous batch's write ran while this one was parsed and transformed.
        await inFlight;
        if (request.signal?.aborted) return true;
        inFlight = this.commit(rows, passed, run.writer, context, counts).then((checkpointRow) =>
          reportProgress(request.onProgress, { counts: { ...counts }, checkpointRow, bytesRead: run.bytesRead() }),
        );
        inFlight.catch(() => undefined); // awaited on the next turn; this only silences the early warning
      }
      await inFlight;
    } finally {
      // Whatever stopped the loop, the batch being written ends (committed or rolled
      // back) before the run is marked, so its counts are never left out.
      await inFlight.catch(() => undefined);
    }
    return request.signal?.aborted ?? false;
  }

  /** Writes one batch, its issues and the run's counts and checkpoint in one transaction. */
  private async commit(read: Row[], passed: Row[], writer: SinkWriter, context: SinkContext, counts: RunCounts): Promise<number | null> {
    const batch = { ...emptyCounts(), read: read.length, skipped: read.length - passed.length };
    const issues: RowIssue[] = [];
    const accepted: Row[] = [];
    for (const row of passed) {
      if (isRejected(row)) batch.failed++;
      else accepted.push(row);
    }
    const checkpointRow = read.length ? read[read.length - 1].at.row : null;

    await this.db.transaction(async (sql) => {
      const outcomes = accepted.length ? await writer.write(accepted, { ...context, db: sql }) : [];
      outcomes.forEach((outcome, i) => {
        batch[outcome.status]++;
        if (outcome.issue) accepted[i].issues.push(makeIssue(accepted[i], outcome.status === 'failed' ? 'error' : 'warning', outcome.issue));
      });
      for (const row of passed) for (const issue of row.issues) issues.push(issue);
      issues.sort((a, b) => a.row - b.row);
      batch.warnings = issues.filter((i) => i.severity === 'warning').length;
      await new RunStore(sql).recordBatch(context.workspaceId, context.runId, issues, batch, checkpointRow);
    });

    for (const key of Object.keys(batch) as (keyof RunCounts)[]) counts[key] += batch[key];
    return checkpointRow;
  }
}

/** Where a row came from, as one key (steps may copy rows, never their origin). */
const originKey = (row: Row): string => `${row.at.file}\u0000${row.at.sheet ?? ''}\u0000${row.at.row}`;

function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof FerryError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal_error', message: `The run stopped unexpectedly: ${message}` };
}

/** A listener's own failure must not fail a run whose batch is already committed. */
function reportProgress(listener: ProgressListener | undefined, progress: Parameters<ProgressListener>[0]): void {
  try {
    listener?.(progress);
  } catch {
    // progress is advisory
  }
}
