import type { RecognisedRecord, RecognisedRow, Row, SinkContext, SinkWriter, Step } from '@ferry/sdk';
import { createHash } from 'node:crypto';
import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import type { PipelineDocument } from './pipeline';

/** A batch's rows as recognition split them: those to transform and write, and those that change nothing. */
export interface RecognisedBatch {
  /** Rows to go through the steps and the sink, in file order. */
  fresh: Row[];
  /** Rows the sink holds exactly as they would leave it, with the record each names, in file order. */
  known: Map<Row, RecognisedRecord>;
}

/**
 * Skips rows a run would not change (a re-import, a sync whose export mostly
 * repeats itself): every readable row gets a fingerprint, a hash of the
 * pipeline's settings and the row's cells; the sink names the rows whose
 * fingerprint is the one that last wrote a record, and those rows skip the
 * steps (no phone parsing) and the sink, and count as unchanged.
 *
 * Rows are applied in file order, so a recognised row is only skipped when no
 * earlier row of the run touches its record after the sink looked: an earlier
 * row of its own batch, or of the two batches before (the sink is asked as a
 * batch is read, while those may still be being written).
 * Such rows are transformed after the batch's others and written in their
 * place.
 */
export class RowRecognition {
  /** Record keys the last two batches' rows touched: the sink's answer for a batch may predate their commits. */
  private recentKeys: Set<string>[] = [];

  private constructor(
    private readonly writer: SinkWriter,
    private readonly hash: XXHashAPI,
    /** Two seeds from the pipeline's settings: two 64-bit hashes of the cells make a 128-bit fingerprint. */
    private readonly seeds: [bigint, bigint],
    private readonly columns: string[],
    private readonly positional: boolean,
  ) {}

  /** Fingerprints for a sink that keeps them (`fingerprintSalt`), and recognition when it can recognise rows in this run. */
  static async of(
    writer: SinkWriter, workspaceId: string, pipeline: PipelineDocument, columns: string[], steps: { positional?: boolean }[],
  ): Promise<RowRecognition | undefined> {
    if (writer.fingerprintSalt === undefined) return undefined;
    // The workspace too: the same file imported into two workspaces gives each its own fingerprints.
    const settings = { v: 1, workspaceId, source: pipeline.source, steps: pipeline.steps, sink: pipeline.sink, columns, sinkSalt: writer.fingerprintSalt };
    const digest = createHash('sha256').update(JSON.stringify(settings)).digest();
    const seeds: [bigint, bigint] = [digest.readBigUInt64BE(0), digest.readBigUInt64BE(8)];
    return new RowRecognition(writer, await (hasher ??= xxhash()), seeds, columns, steps.some((s) => s.positional));
  }

  /** False when the sink only keeps fingerprints (it holds none yet): rows are fingerprinted, never skipped. */
  private get recognising(): boolean {
    return this.writer.recognise !== undefined && this.writer.keyOf !== undefined;
  }

  /**
   * Fingerprints the batch's readable rows and asks the sink which of them it
   * holds already. Called as the batch is read, ahead of the batch before it
   * being written; `split` applies the answer when the batch's turn comes.
   * Undefined when the sink cannot recognise rows in this run.
   */
  ask(rows: Row[], context: SinkContext): Promise<(RecognisedRecord | undefined)[]> | undefined {
    for (const row of rows) row.fingerprint = this.fingerprintOf(row);
    if (!this.recognising) return undefined;
    return this.writer.recognise!(rows.map((row) => row.fingerprint!), context);
  }

  /** The rows to transform and the rows recognised, leaving out records the last batches touched. */
  split(rows: Row[], records: (RecognisedRecord | undefined)[]): RecognisedBatch {
    const known = new Map<Row, RecognisedRecord>();
    const fresh: Row[] = [];
    rows.forEach((row, i) => {
      const record = records[i];
      if (record && !this.recentKeys.some((keys) => keys.has(record.key))) known.set(row, record);
      else fresh.push(row);
    });
    return { fresh, known };
  }

  /**
   * The recognised rows an earlier row of the batch touches the record of
   * (`transformed`: the batch's other rows after the steps; `positionOf`
   * finds a row's place in the batch). They must be transformed and written
   * after all.
   */
  stale(batch: Row[], known: Map<Row, RecognisedRecord>, transformed: Row[], positionOf: (row: Row) => number): Row[] {
    if (known.size === 0 || transformed.length === 0) return [];
    const firstTouch = new Map<string, number>();
    for (const row of transformed) {
      const key = this.writer.keyOf!(row);
      if (key === undefined) continue;
      const at = positionOf(row);
      if (!(firstTouch.get(key)! <= at)) firstTouch.set(key, at);
    }
    return batch.filter((row, position) => {
      const record = known.get(row);
      return record !== undefined && firstTouch.get(record.key)! < position;
    });
  }

  /** Remembers the records a batch's rows touch as its write begins, for the next batches' answers. */
  touched(rows: Row[]): void {
    if (!this.recognising) return;
    const keys = new Set<string>();
    for (const row of rows) {
      const key = this.writer.keyOf!(row);
      if (key !== undefined) keys.add(key);
    }
    this.recentKeys = [...this.recentKeys.slice(-(RECENT_BATCHES - 1)), keys];
  }

  /** 32 hex digits (PostgreSQL reads them as a uuid): the cells in column order, and the row's place when a step depends on it. */
  private fingerprintOf(row: Row): string {
    let text = this.positional ? `${row.at.file}\u0000${row.at.sheet ?? ''}\u0000${row.at.row}` : '';
    for (const column of this.columns) {
      const value = row.values[column];
      const cell = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
      // Each cell with its length (and a missing one as -1), so no two rows' cells run together alike.
      text += `${value === undefined ? -1 : cell.length}:${cell}`;
    }
    return this.hash.h64ToString(text, this.seeds[0]) + this.hash.h64ToString(text, this.seeds[1]);
  }
}

/** How many batches before a batch may still be unwritten when the sink is asked about it (see RunPipeline.stream). */
const RECENT_BATCHES = 2;

/** The WebAssembly xxHash module, loaded once per process. */
let hasher: Promise<XXHashAPI> | undefined;

/**
 * Tells the steps that remember rows which rows of the batch were recognised
 * (none too: a new batch begins), in file order; returns the rows a step
 * asked to see after all.
 */
export function tellSteps(steps: Step[], known: Map<Row, RecognisedRecord>): Set<Row> {
  const rowOf = new Map<RecognisedRow, Row>();
  for (const [row, record] of known) rowOf.set({ at: row.at, values: record.values }, row);
  const told = [...rowOf.keys()];
  const wanted = new Set<Row>();
  for (const step of steps) {
    for (const back of step.recognised?.(told) ?? []) wanted.add(rowOf.get(back)!);
  }
  return wanted;
}
