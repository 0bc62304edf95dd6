import type { Writable } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import { ConfigError, FatalRunError, type SourceInput } from '@ferry/sdk';
import type { CsvConfig, Delimiter } from './csv.config';
import { bufferChunks, prepend } from './byte-chunks';
import { decoderFor, toUtf8 } from './decode-chunks';
import { detectDelimiter } from './detect-delimiter';
import { detectEncoding } from './detect-encoding';
import { isKnownEncoding } from './encodings';
import { emptyFile } from './file-errors';
import { CsvScanner } from './csv-scanner';

/** How much of the file decides the encoding and delimiter. */
export const SAMPLE_BYTES = 64 * 1024;

/** Records parsed from one chunk of the file, with the row a spreadsheet shows each on. */
export interface RecordBatch {
  records: string[][];
  rows: number[];
}

/** The file ended inside a quoted cell: the one at `index` of `row`. */
export class UnclosedQuote extends Error {
  constructor(
    readonly row: number,
    readonly index: number | undefined,
  ) {
    super(`the quote opened on row ${row} is never closed`);
  }
}

export interface CsvFile {
  encoding: string;
  delimiter: Delimiter;
  /** Every record in order, a chunk at a time. Ends by throwing {@link UnclosedQuote} when the last quote never closes. */
  batches: AsyncGenerator<RecordBatch>;
  /** Stops reading and releases the input and parser (also done when `batches` finishes). */
  close(): Promise<void>;
}

/**
 * Opens the input and reads a sample to settle encoding and delimiter, then
 * streams records through the decoder, the scanner and csv-parse.
 * Throws FatalRunError for an empty or binary file before any record.
 */
export async function openCsv(input: SourceInput, config: CsvConfig): Promise<CsvFile> {
  if (config.encoding !== 'auto' && !isKnownEncoding(config.encoding)) {
    throw new ConfigError(
      'invalid_config',
      `csv: encoding "${config.encoding}" is unknown. Use "auto" or a name such as utf-8, utf-16le, windows-1252, latin1 or shift_jis.`,
      { plugin: 'csv' },
    );
  }
  const stream = input.open();
  const chunks = bufferChunks(stream, input.label);
  const release = (): void => {
    stream.destroy();
  };
  try {
    const { sample, complete } = await readSample(chunks);
    const head = sample.subarray(0, SAMPLE_BYTES);
    const whole = complete && head.length === sample.length;
    const detected = detectEncoding(head, whole, input.label, config.encoding);
    const decoder = decoderFor(detected.encoding, input.label);
    const text = decoder.write(head) + (whole ? (decoder.end() ?? '') : '');
    if (whole && text.trim() === '') throw emptyFile(input.label);
    const delimiter = config.delimiter === 'auto' ? detectDelimiter(text, whole) : config.delimiter;
    const bytes = toUtf8(prepend(sample, chunks), detected, input.label);
    // A UTF-16 code unit takes at most 3 UTF-8 bytes: a cell within the limit is never cut,
    // and one cut at this many bytes still decodes to more than maxFieldSize characters.
    const capBytes = 3 * config.maxFieldSize + 3;
    const batches = parseRecords(bytes, delimiter, capBytes, release);
    const close = async (): Promise<void> => {
      await batches.return(undefined);
      release();
    };
    return { encoding: detected.encoding, delimiter, batches, close };
  } catch (error) {
    release();
    throw error;
  }
}

const MAX_RECORD_CHARS = 64 * 1024 * 1024;

async function* parseRecords(bytes: AsyncIterable<Buffer>, delimiter: Delimiter, capBytes: number, release: () => void): AsyncGenerator<RecordBatch> {
  const parser = parse({
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    bom: false,
    // A whole record (all its cells) may not pass this: a file with no line breaks
    // must not become one row of a hundred million cells.
    max_record_size: MAX_RECORD_CHARS,
    // Records are taken out after every chunk; a high mark keeps the write callback from waiting for that.
    readableHighWaterMark: 1 << 30,
  } as Options);
  parser.on('error', () => undefined); // errors arrive through the write and end callbacks
  const scanner = new CsvScanner(delimiter.charCodeAt(0), capBytes);
  let ordinal = 0;
  let row = 0;
  const nextRow = (): number => row + 1 + scanner.takeEmptyLinesBefore(ordinal++);
  const take = (): RecordBatch => {
    const records: string[][] = [];
    const rows: number[] = [];
    for (let record = parser.read(); record !== null; record = parser.read()) {
      records.push(record);
      rows.push((row = nextRow()));
    }
    return { records, rows };
  };
  try {
    for await (const chunk of bytes) {
      const error = await write(parser, scanner.push(chunk));
      const batch = take();
      if (batch.records.length > 0) yield batch;
      if (error) throw translate(error, nextRow());
    }
    const tail = scanner.end();
    const error = (tail && (await write(parser, tail))) || (await end(parser));
    const batch = take();
    if (batch.records.length > 0) yield batch;
    if (error) throw translate(error, nextRow());
  } finally {
    parser.destroy();
    release();
  }
}

/** `row` is the row the failing record started on. */
function translate(error: Error, row: number): Error {
  const { code, column } = error as { code?: string; column?: unknown };
  if (code === 'CSV_QUOTE_NOT_CLOSED') return new UnclosedQuote(row, typeof column === 'number' ? column : undefined);
  return new FatalRunError('unreadable_csv', `Row ${row} could not be read as CSV (${error.message}). Save the file as CSV (UTF-8) and import it again.`, { row });
}

// csv-parse reports an error through the callback of the write (or end) that met it.
function write(parser: Writable, chunk: Buffer): Promise<Error | null | undefined> {
  return new Promise((resolve) => parser.write(chunk, (error) => resolve(error)));
}

function end(parser: Writable): Promise<Error | null | undefined> {
  return new Promise((resolve) => parser.end(((error?: Error | null) => resolve(error)) as () => void));
}

async function readSample(chunks: AsyncIterator<Buffer>): Promise<{ sample: Buffer; complete: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < SAMPLE_BYTES) {
    const next = await chunks.next();
    if (next.done) return { sample: Buffer.concat(parts), complete: true };
    parts.push(next.value);
    size += next.value.length;
  }
  return { sample: Buffer.concat(parts), complete: false };
}
