import type { Readable } from 'node:stream';
import type { FieldSpec } from './field';
import type { IssueInit, RowIssue, Severity } from './issue';
import type { Outcome } from './outcome';
import type { Row, RowOrigin } from './row';

export type PluginKind = 'source' | 'step' | 'sink';

/** Who a plugin is. `name` is stable: saved pipelines refer to it. */
export interface Manifest<K extends PluginKind = PluginKind> {
  kind: K;
  /** Lower-case kebab name, unique across all plugins, e.g. `csv` or `crm-contacts`. */
  name: string;
  title: string;
  /** One line. */
  description: string;
  /** Bumped when behaviour changes in a way saved pipelines would notice. */
  version?: number;
  /** Sources only: `none` when the source reads no file (Ferry's own database through `SourceContext.db`, another platform's API). Default `file`. */
  input?: 'file' | 'none';
  /**
   * Steps only: what the step does to a row depends on where the row sits in
   * the file, not only on its cells (fixes addressed by row number). Rows are
   * then fingerprinted with their position (see `SinkWriter.recognise`).
   */
  positional?: boolean;
}

/** A class whose instances are a plugin's config: class-validator decorators, defaults as initial values. */
export type ConfigClass<C> = new () => C;

interface PluginBase<K extends PluginKind, C> {
  manifest: Manifest<K>;
  config: ConfigClass<C>;
}

// ---------------------------------------------------------------- sources

/** A file (or any byte stream) a source reads; `open` may be called more than once. */
export interface SourceInput {
  /** What the user calls it: the original file name. */
  label: string;
  /** Size in bytes, when known. */
  size?: number;
  open(): Readable;
}

/** One column of a stream, as the user sees it. */
export interface ColumnInfo {
  /** The key of this column in `Row.values`: the header, made unique if it repeats. */
  key: string;
  /** The header as written in the file (may be blank or repeated). */
  header: string;
  /** Zero-based position. */
  index: number;
}

/** A stream inside an input: a CSV file has one, a workbook one per sheet. */
export interface StreamInfo {
  name: string;
  columns: ColumnInfo[];
  /** Facts found on the way (encoding, delimiter, ...), shown in previews. */
  details?: Record<string, unknown>;
  /** Problems with the header row itself (row 1), reported as warnings. */
  issues?: RowIssue[];
}

export interface SourceContext {
  input?: SourceInput;
  /** The workspace the run belongs to. */
  workspaceId?: string;
  /** Ferry's own database, for sources that read from it (e.g. contacts with a tag); scope every query to `workspaceId`. */
  db?: SqlClient;
  signal?: AbortSignal;
  /** The cursor a syncing source returned last time. */
  state?: unknown;
}

export interface SourcePlugin<C = unknown> extends PluginBase<'source', C> {
  /** Looks at the input without reading it all: streams and their columns. Throws FatalRunError on an unreadable input. */
  discover(config: C, context: SourceContext): Promise<StreamInfo[]>;
  /** Streams rows, each with its origin. Never holds the whole input in memory. */
  read(config: C, context: SourceContext): AsyncIterable<Row>;
  /**
   * Syncing sources: the cursor to hand the next run as `context.state`,
   * asked once every row is read and committed. The engine saves it only
   * when the run succeeds, so a failed run reads the same changes again.
   */
  nextState?(config: C, context: SourceContext): unknown;
}

// ---------------------------------------------------------------- steps

export interface StepContext {
  /** The columns rows carry when they reach this step. */
  columns: ColumnInfo[];
  /** The target schema of the pipeline's sink. */
  fields: FieldSpec[];
}

/** A step prepared for one run. */
export interface Step {
  /** Takes a batch, returns the rows to pass on (a row left out is counted as skipped). */
  transform(rows: Row[]): Row[] | Promise<Row[]>;
  /** The columns rows carry after this step, when the step changes them. */
  columns?: ColumnInfo[];
  /** What the step decided for this run (e.g. the mapping it settled on), kept with the run's settings. */
  summary?: Record<string, unknown>;
  /** Releases what the step holds (a worker thread, a connection); called once when the run ends, however it ends. */
  close?(): void | Promise<void>;
  /**
   * Rows the sink recognised as unchanged since they were last imported: they
   * skip `transform`, told here in file order before the batch's other rows
   * are transformed. A step that remembers rows across the file (dedupe)
   * notes them, and returns those it must see after all (a row repeating an
   * earlier one, which gets a warning): they are transformed and written as
   * usual. `values` holds only the sink's identity fields (e.g. `email`).
   */
  recognised?(rows: RecognisedRow[]): RecognisedRow[] | void;
}

/** A row the sink recognised, as steps are told of it: its origin and the record it names. */
export interface RecognisedRow {
  readonly at: RowOrigin;
  readonly values: Readonly<Record<string, string>>;
}

export interface StepPlugin<C = unknown> extends PluginBase<'step', C> {
  /** Checks the config against the columns and fields (throwing before anything is written) and prepares the step. */
  create(config: C, context: StepContext): Step | Promise<Step>;
}

// ---------------------------------------------------------------- sinks

/**
 * SQL access the engine hands a sink. Placeholders are `?`; pass scalars only
 * (send a batch as one JSON text and unpack it with `json_to_recordset`).
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface SinkContext {
  workspaceId: string;
  runId: string;
  /** Classify every row as it would be written, but write nothing. */
  dryRun: boolean;
  /** Bound to the current batch's transaction while writing. */
  db: SqlClient;
}

/** A sink opened for one run. */
export interface SinkWriter {
  /** One outcome per row, in the batch's order. Runs inside the batch's transaction. */
  write(rows: Row[], context: SinkContext): Promise<Outcome[]>;
  /**
   * Work that must wait for all rows (links to people created later in the
   * file), in one transaction after the last batch. Returns the problems it
   * found, each with the origin of the row it belongs to; errors make the run
   * finish with errors.
   */
  finish?(context: SinkContext): Promise<LateIssue[] | void>;
  /**
   * Optional, with `recognise`: skipping rows that would change nothing. When
   * set, the engine hashes each source row's cells with the pipeline's
   * settings and this salt (what else decides what a row writes, such as
   * the custom fields' definitions) into `Row.fingerprint`, and the sink
   * keeps the fingerprint of the row that last wrote a record.
   */
  fingerprintSalt?: string;
  /**
   * Answers, per fingerprint, the record the row with it would leave exactly
   * as it is (or undefined). Such rows skip the steps and the sink and count
   * as unchanged. The answer must not name records this run has written.
   * Leave it out when nothing can be recognised (no record has a fingerprint
   * yet): rows are then only fingerprinted.
   */
  recognise?(fingerprints: string[], context: SinkContext): Promise<(RecognisedRecord | undefined)[]>;
  /** With `recognise`: the record key a transformed row addresses (as `RecognisedRecord.key`), so a recognised row whose record another row of the batch touches first is processed after all. */
  keyOf?(row: Row): string | undefined;
}

/** The record a recognised row names: a key comparable with `SinkWriter.keyOf`, and the identity fields steps are told. */
export interface RecognisedRecord {
  key: string;
  values: Record<string, string>;
}

/** A problem a sink can only see once every row is in. */
export interface LateIssue extends IssueInit {
  at: Row['at'];
  severity: Severity;
}

export interface SinkPlugin<C = unknown> extends PluginBase<'sink', C> {
  /** The target schema (with the workspace's custom fields). */
  fields(config: C, context: SinkContext): Promise<FieldSpec[]>;
  open(config: C, context: SinkContext): Promise<SinkWriter>;
  /**
   * How many records the sink holds for the workspace (contacts, grants, ...):
   * a scheduled sync that would change more than a set share of them waits for
   * approval. Without it, every change counts against a base of zero.
   */
  countRecords?(config: C, context: SinkContext): Promise<number>;
}

export type Plugin = SourcePlugin<any> | StepPlugin<any> | SinkPlugin<any>;
