import { emptyCounts, RunLeaseLostError, RunStore, type Database, type RunCounts, type RunLease } from '@ferry/domain';
import { randomUUID } from 'node:crypto';
import {
  ConfigError,
  FerryError,
  isRejected,
  makeIssue,
  redactSecrets,
  resolveConfig,
  type ColumnInfo,
  type PluginRegistry,
  type RecognisedRecord,
  type Row,
  type RowIssue,
  type SinkContext,
  type SinkWriter,
  type SourceInput,
  type SqlClient,
  type Step,
} from '@ferry/sdk';
import { batchesOf } from './batches';
import { trackInput } from './input-tracking';
import { transformInSlices } from './transform-in-slices';
import { RowRecognition, tellSteps, type RecognisedBatch } from './row-recognition';
import { checkPipeline, DEFAULT_BATCH_SIZE, type PipelineDocument, type PluginRef } from './pipeline';
import type { PipelineInspection, ProgressListener, RunResult } from './run-result';

export interface RunPipelineRequest {
  workspaceId: string;
  pipeline: PipelineDocument;
  input?: SourceInput;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** A syncing source's cursor from the previous successful run. */
  state?: unknown;
}

/**
 * Which recorded run to execute. The run record keeps its pipeline with
 * secret options redacted; a caller that holds the secrets (a schedule) hands
 * the full pipeline in, others must keep secrets in the environment.
 */
export type ResumeRequest = Omit<RunPipelineRequest, 'pipeline'> & { runId: string; pipeline?: PipelineDocument };

/** Everything a run needs, checked before the first row is read. */
interface PreparedRun {
  bytesRead: () => number | undefined;
  read: () => AsyncIterable<Row>;
  steps: Step[];
  writer: SinkWriter;
  headerIssues: RowIssue[];
  summary: Record<string, unknown>;
  /** The source's cursor once every row is read (syncing sources only). */
  nextState: () => unknown;
  /** Skips rows the sink holds already, when the sink can tell. */
  recognition?: RowRecognition;
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
    /** How long this process's hold on a run lasts without a committed batch (see RunLease). */
    private readonly leaseMs = 60_000,
  ) {}

  async execute(request: RunPipelineRequest): Promise<RunResult> {
    const { workspaceId, pipeline } = request;
    checkPipeline(pipeline);
    this.check(pipeline);
    const lease = this.newLease();
    const runId = await new RunStore(this.db.sql).create(workspaceId, {
      name: pipeline.name,
      sink: pipeline.sink.use,
      dryRun: pipeline.options?.dryRun ?? false,
      settings: { pipeline: this.redact(pipeline), input: request.input?.label },
      lease,
    });
    return this.run(request, runId, emptyCounts(), lease);
  }

  /**
   * Checks a pipeline and records it as a queued run, for a worker to start
   * with `start`. `inputPath` is where the worker will find the file.
   */
  async enqueue(request: {
    workspaceId: string;
    pipeline: PipelineDocument;
    input?: { label: string; path: string };
    /** For a schedule's slot: returns undefined when the slot has its run already. */
    schedule?: { id: string; slot: Date };
    /** Held back until `ferry runs approve`, with what the check found. */
    awaitingApproval?: Record<string, unknown>;
  }, /** A transaction to record the run in, with the caller's other writes. */ sql: SqlClient = this.db.sql): Promise<string> {
    const { workspaceId, pipeline } = request;
    checkPipeline(pipeline);
    this.check(pipeline);
    return new RunStore(sql).create(workspaceId, {
      name: pipeline.name,
      sink: pipeline.sink.use,
      dryRun: pipeline.options?.dryRun ?? false,
      settings: { pipeline: this.redact(pipeline), input: request.input?.label, inputPath: request.input?.path, approval: request.awaitingApproval },
      queued: true,
      awaitingApproval: Boolean(request.awaitingApproval),
      schedule: request.schedule,
    });
  }

  /**
   * Executes a recorded run, whatever state it was left in: a queued run
   * starts, a run that was running (its worker died) or failed goes on from
   * its checkpoint, and a finished or cancelled run is left as it is.
   */
  async start(request: ResumeRequest): Promise<RunResult> {
    const runs = new RunStore(this.db.sql);
    const run = await runs.get(request.workspaceId, request.runId);
    if (!run) throw new ConfigError('unknown_run', `There is no run ${request.runId}.`);
    const pipeline = request.pipeline ?? (run.settings as { pipeline: PipelineDocument }).pipeline;
    const lease = this.newLease();
    if (run.status === 'queued' && (await runs.claim(request.workspaceId, run.id, lease))) {
      checkPipeline(pipeline);
      return this.run({ ...request, pipeline }, run.id, emptyCounts(), lease);
    }
    if ((run.status === 'running' || run.status === 'failed') && !run.dryRun) {
      try {
        return await this.resume(request);
      } catch (error) {
        // Another process holds it: as far as this caller knows, it is still running.
        if (!(error instanceof FerryError && error.code === 'run_busy')) throw error;
      }
    }
    const latest = (await runs.get(request.workspaceId, run.id))!;
    return { runId: run.id, name: run.name, status: latest.status, dryRun: run.dryRun, counts: latest.counts, error: latest.error ?? undefined };
  }

  /**
   * Goes on with a run that stopped (crashed, or failed on a passing error),
   * reading the same input again: the rows its committed batches hold are
   * passed through the steps once more, so steps that remember earlier rows
   * (dedupe) know them, but are not written or counted again. The run ends as
   * a run that never stopped would have.
   */
  async resume(request: ResumeRequest): Promise<RunResult> {
    const runs = new RunStore(this.db.sql);
    const run = await runs.get(request.workspaceId, request.runId);
    if (!run) throw new ConfigError('unknown_run', `There is no run ${request.runId}.`);
    if (run.dryRun) throw new ConfigError('run_not_resumable', `Run ${run.id} is a dry-run: start it again instead.`);
    if (run.status !== 'running' && run.status !== 'failed') {
      throw new ConfigError('run_not_resumable', `Run ${run.id} is ${run.status.replace(/_/g, ' ')}; only a running or failed run can go on.`);
    }
    const pipeline = request.pipeline ?? (run.settings as { pipeline: PipelineDocument }).pipeline;
    this.check(pipeline);
    const lease = this.newLease();
    if (!(await runs.reopen(request.workspaceId, run.id, lease))) {
      throw new ConfigError('run_busy', `Run ${run.id} is being executed by another process; it can be taken over once that process stops committing.`);
    }
    // Read again now that it is ours: what was committed up to here is final.
    const taken = (await runs.get(request.workspaceId, run.id))!;
    return this.run({ ...request, pipeline }, run.id, { ...taken.counts }, lease, { alreadyCommitted: taken.counts.read });
  }

  private newLease(): RunLease {
    return { owner: randomUUID(), ms: this.leaseMs };
  }

  /** `resumed.alreadyCommitted`: rows at the start of the input that a previous attempt wrote. */
  private async run(request: RunPipelineRequest, runId: string, counts: RunCounts, lease: RunLease, resumed?: { alreadyCommitted: number }): Promise<RunResult> {
    const { workspaceId, pipeline } = request;
    const dryRun = pipeline.options?.dryRun ?? false;
    const runs = new RunStore(this.db.sql);
    const context: SinkContext = { workspaceId, runId, dryRun, db: this.db.sql };
    // Stops at the next batch when the caller aborts or someone asks through the run record (`ferry runs cancel`).
    const stop = { requested: false };
    const stopped = () => stop.requested || (request.signal?.aborted ?? false);
    const result = (status: RunResult['status'], error?: RunResult['error']): RunResult => ({
      runId, name: pipeline.name, status, dryRun, counts, error,
    });

    const steps: Step[] = [];
    try {
      const prepared = await this.prepare(request, context, steps);
      if (!resumed) {
        await runs.updateSettings(workspaceId, runId, { pipeline: this.redact(pipeline), input: request.input?.label, ...prepared.summary });
        if (prepared.headerIssues.length) {
          const headerCounts = { ...emptyCounts(), warnings: prepared.headerIssues.length };
          await runs.recordBatch(workspaceId, runId, prepared.headerIssues, headerCounts, null, lease);
          counts.warnings += prepared.headerIssues.length;
        }
      }

      const cancelled = await this.stream(request, prepared, context, counts, resumed?.alreadyCommitted ?? 0, lease, stop, stopped);
      if (cancelled) {
        if (interrupted(request.signal, stop)) return result('running');
        await runs.finish(workspaceId, runId, 'cancelled', undefined, lease);
        return result('cancelled');
      }
      const lateErrors = prepared.writer.finish ? await this.finishSink(prepared.writer, context, counts, lease) : 0;
      const status = counts.failed > 0 || lateErrors > 0 ? 'completed_with_errors' : 'completed';
      await runs.finish(workspaceId, runId, status, undefined, lease);
      // A dry-run changed nothing: the next sync must read the same changes again.
      return { ...result(status), nextState: dryRun ? undefined : prepared.nextState() };
    } catch (error) {
      // Stopped for a shutdown, or taken over by another process: the run goes on elsewhere.
      if (interrupted(request.signal, stop) || error instanceof RunLeaseLostError) return result('running');
      const reason = describeFailure(error);
      await runs.finish(workspaceId, runId, 'failed', reason, lease);
      return result('failed', reason);
    } finally {
      await Promise.allSettled(steps.map((step) => step.close?.()));
    }
  }

  /** Lets the sink do its end-of-run work and records what it found, in one transaction; returns the number of errors. */
  private async finishSink(writer: SinkWriter, context: SinkContext, counts: RunCounts, lease: RunLease): Promise<number> {
    return this.db.transaction(async (sql) => {
      const late = (await writer.finish!({ ...context, db: sql })) ?? [];
      if (late.length === 0) return 0;
      const issues = late
        .map(({ at, severity, ...init }) => makeIssue({ at } as Row, severity, init))
        .sort((a, b) => a.row - b.row);
      const warnings = issues.filter((i) => i.severity === 'warning').length;
      await new RunStore(sql).recordBatch(context.workspaceId, context.runId, issues, { ...emptyCounts(), warnings }, null, lease);
      counts.warnings += warnings;
      return issues.length - warnings;
    });
  }

  /** Unknown plugins and invalid settings are the caller's mistake: a ConfigError, before any run record. */
  /** How many records the pipeline's sink holds for the workspace (0 when the sink cannot say). */
  async countSinkRecords(workspaceId: string, pipeline: PipelineDocument): Promise<number> {
    const sink = this.registry.get('sink', pipeline.sink.use);
    if (!sink.countRecords) return 0;
    const config = resolveConfig<object>(sink, pipeline.sink.config);
    return sink.countRecords(config, { workspaceId, runId: '', dryRun: true, db: this.db.sql });
  }

  /** The pipeline with every secret option (an API token) replaced by `***`: what run records keep and listings show. */
  redact(pipeline: PipelineDocument): PipelineDocument {
    const ref = (kind: 'source' | 'step' | 'sink', plugin: PluginRef): PluginRef =>
      this.registry.has(kind, plugin.use) ? { ...plugin, config: redactSecrets(this.registry.get(kind, plugin.use).config, plugin.config) } : plugin;
    return { ...pipeline, source: ref('source', pipeline.source), steps: (pipeline.steps ?? []).map((s) => ref('step', s)), sink: ref('sink', pipeline.sink) };
  }

  check(pipeline: PipelineDocument): void {
    checkPipeline(pipeline);
    this.checkPlugins(pipeline);
  }

  private checkPlugins(pipeline: PipelineDocument): void {
    resolveConfig(this.registry.get('source', pipeline.source.use), pipeline.source.config);
    resolveConfig(this.registry.get('sink', pipeline.sink.use), pipeline.sink.config);
    for (const ref of pipeline.steps) resolveConfig(this.registry.get('step', ref.use), ref.config);
  }

  /** `steps` is filled as steps are created, so the caller can close them even when a later one fails. */
  private async prepare(request: RunPipelineRequest, context: SinkContext, steps: Step[]): Promise<PreparedRun> {
    const plan = await this.plan(request, context, steps);
    const writer = await plan.sink.open(plan.sinkConfig, context);
    const [stream] = plan.streams;
    const positional = request.pipeline.steps.map((ref) => ({ positional: this.registry.get('step', ref.use).manifest.positional }));
    return {
      recognition: await RowRecognition.of(writer, request.workspaceId, request.pipeline, plan.sourceColumns, positional),
      bytesRead: plan.bytesRead,
      read: plan.read,
      steps,
      writer,
      headerIssues: plan.streams.flatMap((s) => s.issues ?? []),
      nextState: plan.nextState,
      summary: { source: stream?.details ?? {}, steps: plan.stepSummaries },
    };
  }

  /**
   * Looks at an import before anything is recorded: the input's streams
   * (sheets) and columns, the sink's fields, what the steps make of the
   * columns (the suggested mapping) and the first rows as read. Every setting
   * is checked on the way, so an unknown field in a mapping or an unreadable
   * file throws here, as it would at the start of a run.
   */
  async inspect(request: Omit<RunPipelineRequest, 'onProgress'>, sampleSize = 20): Promise<PipelineInspection> {
    checkPipeline(request.pipeline);
    this.check(request.pipeline);
    const steps: Step[] = [];
    const context: SinkContext = { workspaceId: request.workspaceId, runId: '', dryRun: true, db: this.db.sql };
    try {
      const plan = await this.plan(request, context, steps);
      const sample: Row[] = [];
      if (sampleSize > 0) {
        for await (const row of plan.read()) {
          sample.push(row);
          if (sample.length >= sampleSize) break;
        }
      }
      return { streams: plan.streams, fields: plan.fields, steps: plan.stepSummaries, sample };
    } finally {
      await Promise.allSettled(steps.map((step) => step.close?.()));
    }
  }

  /**
   * The rows of a pipeline's input as its source reads them, before any step:
   * what an error report or a review shows the admin next to the issues.
   */
  async *sourceRows(request: { workspaceId: string; pipeline: PipelineDocument; input?: SourceInput; signal?: AbortSignal }): AsyncIterable<Row> {
    const source = this.registry.get('source', request.pipeline.source.use);
    const config = resolveConfig<object>(source, request.pipeline.source.config);
    const context = { input: request.input, signal: request.signal, workspaceId: request.workspaceId, db: this.db.sql };
    yield* source.read(config, context);
  }

  /** Everything up to opening the sink: the source discovered, the sink's fields, the steps created. */
  private async plan(request: Omit<RunPipelineRequest, 'onProgress'>, context: SinkContext, steps: Step[]) {
    const { pipeline, input } = request;
    const source = this.registry.get('source', pipeline.source.use);
    const sourceConfig = resolveConfig<object>(source, pipeline.source.config);
    const sink = this.registry.get('sink', pipeline.sink.use);
    const sinkConfig = resolveConfig<object>(sink, pipeline.sink.config);
    const tracked = trackInput(input);
    const sourceContext = { input: tracked.input, signal: request.signal, workspaceId: request.workspaceId, db: this.db.sql, state: request.state };

    // A workbook lists sheets it will not read too (`details.read: false`): their columns and warnings are not this run's.
    const streams = (await source.discover(sourceConfig, sourceContext)).filter((s) => s.details?.read !== false);
    const fields = await sink.fields(sinkConfig, context);
    // Sheets may differ: every column any stream has, by key, in order of first appearance.
    const byKey = new Map<string, ColumnInfo>();
    for (const column of streams.flatMap((s) => s.columns)) if (!byKey.has(column.key)) byKey.set(column.key, { ...column, index: byKey.size });
    const sourceColumns = [...byKey.keys()];
    let columns: ColumnInfo[] = [...byKey.values()];
    const stepSummaries: Record<string, unknown>[] = [];
    for (const ref of pipeline.steps) {
      const plugin = this.registry.get('step', ref.use);
      const step = await plugin.create(resolveConfig<object>(plugin, ref.config), { columns, fields });
      steps.push(step);
      if (step.summary) stepSummaries.push({ step: ref.use, ...step.summary });
      columns = step.columns ?? columns;
    }
    return {
      sink, sinkConfig, streams, fields, stepSummaries, sourceColumns,
      bytesRead: tracked.bytesRead,
      read: () => source.read(sourceConfig, sourceContext),
      nextState: () => (source.nextState ? source.nextState(sourceConfig, sourceContext) : undefined),
    };
  }

  /** Streams all rows through; returns true when the run was cancelled. */
  /** Streams all rows through; returns true when the run was cancelled. */
  private async stream(
    request: RunPipelineRequest, run: PreparedRun, context: SinkContext, counts: RunCounts, alreadyCommitted: number, lease: RunLease,
    stop: { requested: boolean }, stopped: () => boolean,
  ): Promise<boolean> {
    const batchSize = request.pipeline.options?.batchSize ?? DEFAULT_BATCH_SIZE;
    let inFlight: Promise<void> = Promise.resolve();
    let ordinal = 0;
    /** Batches whose rows were all recognised: nothing to write, their counts go with a later commit. */
    let carried: Carried | undefined;
    const startCommit = (rows: Row[], passed: Row[], known: number) => {
      const withCarried = carried;
      carried = undefined;
      inFlight = this.commit(rows, passed, known, run.writer, context, counts, lease, withCarried).then(({ checkpointRow, cancelRequested }) => {
        if (cancelRequested) stop.requested = true;
        reportProgress(request.onProgress, { counts: { ...counts }, checkpointRow, bytesRead: run.bytesRead() });
      });
      inFlight.catch(() => undefined); // awaited on the next turn; this only silences the early warning
    };
    /** Records the carried counts now (the run ends or stops). */
    const settleCarried = async () => {
      if (!carried) return;
      await inFlight;
      startCommit([], [], 0);
      await inFlight;
    };

    /** Transforms and writes one batch read earlier; returns true when the run must stop. */
    const handle = async ({ batch, unreadable, readable, recognised }: ReadBatch): Promise<boolean> => {
      let rows = batch;
      let { passed, known } = recognised
        ? await this.transformUnknown(rows, run.recognition!.split(readable, await recognised), run.steps, run.recognition!)
        : { passed: await transformInSlices(run.steps, readable), known: [] as Row[] };
      if (unreadable.length) passed = [...unreadable, ...passed];
      const first = ordinal;
      ordinal += rows.length;
      if (first < alreadyCommitted) {
        // Replayed rows: the steps have seen them again; they were written before.
        const written = new Set(rows.slice(0, alreadyCommitted - first).map(originKey));
        rows = rows.filter((row) => !written.has(originKey(row)));
        passed = passed.filter((row) => !written.has(originKey(row)));
        known = known.filter((row) => !written.has(originKey(row)));
        if (rows.length === 0) return false;
      }
      // The previous batch's write ran while this one was parsed and transformed.
      await inFlight;
      if (stopped()) {
        await settleCarried();
        return true;
      }
      run.recognition?.touched(passed);
      // Every row recognised: no transaction; up to QUIET_BATCHES such batches are recorded with the next commit.
      if (passed.length === 0 && (carried?.batches ?? 0) < QUIET_BATCHES) {
        carried = carry(carried, rows, known.length);
        return false;
      }
      startCommit(rows, passed, known.length);
      return false;
    };

    try {
      // One batch is read ahead, so the sink's answer on which of its rows it
      // recognises comes while the batch before is transformed. When the source
      // breaks (a file cut short), the batch read before it still goes in.
      const broken: { error?: unknown } = {};
      const batches = async function* () {
        try {
          yield* batchesOf(run.read(), batchSize, sameOrigin);
        } catch (error) {
          broken.error = error;
        }
      };
      let ahead: ReadBatch | undefined;
      for await (const batch of batches()) {
        const next = readBatch(batch, run.recognition, context);
        if (ahead && (await handle(ahead))) return true;
        ahead = next;
      }
      if (ahead && (await handle(ahead))) return true;
      await settleCarried();
      await inFlight;
      if ('error' in broken) throw broken.error;
    } finally {
      // Whatever stopped the loop, the batch being written ends (committed or rolled
      // back) before the run is marked, so its counts are never left out.
      await inFlight.catch(() => undefined);
    }
    return stopped();
  }

  /**
   * Transforms the batch's rows the sink does not recognise; the others (see
   * RowRecognition) skip the steps, unless an earlier row of the batch touches
   * their record, and are returned as `known`.
   */
  private async transformUnknown(batch: Row[], { fresh, known }: RecognisedBatch, steps: Step[], recognition: RowRecognition): Promise<{ passed: Row[]; known: Row[] }> {
    const wanted = tellSteps(steps, known);
    if (wanted.size > 0) {
      for (const row of wanted) known.delete(row);
      fresh = batch.filter((row) => !isRejected(row) && !known.has(row));
    }
    let passed = await transformInSlices(steps, fresh);
    let positions: Map<string, number> | undefined;
    const positionOf = (row: Row) => {
      if (!positions) {
        positions = new Map();
        batch.forEach((r, i) => positions!.has(originKey(r)) || positions!.set(originKey(r), i));
      }
      return positions.get(originKey(row)) ?? -1;
    };
    const stale = recognition.stale(batch, known, passed.filter((row) => !isRejected(row)), positionOf);
    if (stale.length > 0) {
      for (const row of stale) known.delete(row);
      passed = [...passed, ...(await transformInSlices(steps, stale))].sort((a, b) => positionOf(a) - positionOf(b));
    }
    return { passed, known: [...known.keys()] };
  }

  /** Writes one batch, its issues and the run's counts and checkpoint in one transaction; `known` rows were recognised as unchanged. */
  private async commit(
    read: Row[], passed: Row[], known: number, writer: SinkWriter, context: SinkContext, counts: RunCounts, lease: RunLease,
    /** Counts of earlier batches that had nothing to write, recorded with this one. */
    carried?: Carried,
  ): Promise<{ checkpointRow: number | null; cancelRequested: boolean }> {
    const batch = { ...emptyCounts(), read: read.length, unchanged: known, skipped: read.length - passed.length - known };
    if (carried) addCounts(batch, carried.counts);
    const issues: RowIssue[] = [];
    const accepted: Row[] = [];
    for (const row of passed) {
      if (isRejected(row)) batch.failed++;
      else accepted.push(row);
    }
    const checkpointRow = read.length ? read[read.length - 1].at.row : carried?.checkpointRow ?? null;

    // Nothing to write or report: the counts and checkpoint alone, one statement, no transaction.
    const quiet = passed.length === 0;
    const { cancelRequested } = quiet
      ? await new RunStore(this.db.sql).recordBatch(context.workspaceId, context.runId, [], batch, checkpointRow, lease)
      : await this.db.transaction(async (sql) => {
          const outcomes = accepted.length ? await writer.write(accepted, { ...context, db: sql }) : [];
          outcomes.forEach((outcome, i) => {
            batch[outcome.status]++;
            if (outcome.issue) accepted[i].issues.push(makeIssue(accepted[i], outcome.status === 'failed' ? 'error' : 'warning', outcome.issue));
          });
          for (const row of passed) for (const issue of row.issues) issues.push(issue);
          issues.sort((a, b) => a.row - b.row);
          batch.warnings = issues.filter((i) => i.severity === 'warning').length;
          return new RunStore(sql).recordBatch(context.workspaceId, context.runId, issues, batch, checkpointRow, lease);
        });

    addCounts(counts, batch);
    return { checkpointRow, cancelRequested };
  }
}

/**
 * The abort reason that stops a run without ending it: a worker shutting down
 * leaves its run `running`, to be resumed from its checkpoint by the next
 * attempt, instead of `cancelled`.
 */
export const INTERRUPT = 'ferry:interrupt';

const interrupted = (signal: AbortSignal | undefined, stop: { requested: boolean }) =>
  !stop.requested && signal?.aborted === true && signal.reason === INTERRUPT;

/**
 * A batch as read: its rows, split by whether the source could read them (a
 * row it could not, ragged or with an unclosed quote, goes straight to the
 * report: the steps would only pile their complaints onto its empty cells),
 * and with recognition the sink's pending answer.
 */
interface ReadBatch {
  batch: Row[];
  unreadable: Row[];
  readable: Row[];
  recognised?: Promise<(RecognisedRecord | undefined)[]>;
}

function readBatch(batch: Row[], recognition: RowRecognition | undefined, context: SinkContext): ReadBatch {
  const unreadable = batch.filter(isRejected);
  const readable = unreadable.length ? batch.filter((row) => !isRejected(row)) : batch;
  const recognised = recognition?.ask(readable, context);
  recognised?.catch(() => undefined); // awaited when the batch's turn comes
  return { batch, unreadable, readable, recognised };
}

/** How many batches in a row with nothing to write (every row recognised) may go unrecorded: 10,000 rows by default. */
const QUIET_BATCHES = 10;

/** Counts of batches not recorded yet, and the last row they read. */
interface Carried {
  counts: RunCounts;
  checkpointRow: number | null;
  batches: number;
}

function addCounts(into: RunCounts, more: RunCounts): void {
  for (const key of Object.keys(more) as (keyof RunCounts)[]) into[key] += more[key];
}

function carry(carried: Carried | undefined, rows: Row[], known: number): Carried {
  const next = carried ?? { counts: emptyCounts(), checkpointRow: null, batches: 0 };
  next.counts.read += rows.length;
  next.counts.unchanged += known;
  next.counts.skipped += rows.length - known;
  next.checkpointRow = rows[rows.length - 1].at.row;
  next.batches++;
  return next;
}

const sameOrigin = (a: Row, b: Row): boolean => a.at.row === b.at.row && a.at.sheet === b.at.sheet && a.at.file === b.at.file;

/** Where a row came from, as one key (steps may copy rows, never their origin). */
const originKey = (row: Row): string => `${row.at.file}\u0000${row.at.sheet ?? ''}\u0000${row.at.row}`;

function describeFailure(error: unknown): NonNullable<RunResult['error']> {
  if (error instanceof FerryError) return { code: error.code, message: error.message, ...(error.next === 'retry-later' ? { retryable: true } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  if (isConnectionLoss(error)) {
    return { code: 'connection_lost', message: `The connection to the database or a service was lost: ${message}. The run goes on from its last committed batch when retried.`, retryable: true };
  }
  return { code: 'internal_error', message: `The run stopped unexpectedly: ${message}` };
}

/** PostgreSQL gone for a moment (restarted, connection cut) or a socket reset: worth another attempt. */
const CONNECTION_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
function isConnectionLoss(error: unknown): boolean {
  const err = error as { code?: string; message?: string } | undefined;
  if (!err) return false;
  if (err.code && CONNECTION_ERRORS.has(err.code)) return true;
  return /Connection terminated|terminating connection|connection is closed|Client has encountered a connection error/i.test(err.message ?? '');
}

/** A listener's own failure must not fail a run whose batch is already committed. */
function reportProgress(listener: ProgressListener | undefined, progress: Parameters<ProgressListener>[0]): void {
  try {
    listener?.(progress);
  } catch {
    // progress is advisory
  }
}
