import { ConfigError, FatalRunError, type SourceInput } from '@ferry/sdk';
import type { CsvConfig, Delimiter } from './csv.config';
import { bufferChunks, prepend } from './byte-chunks';
import { decoderFor, toUtf8 } from './decode-chunks';
import { detectDelimiter } from './detect-delimiter';
import { detectEncoding } from './detect-encoding';
import { isKnownEncoding } from './encodings';
import { emptyFile } from './file-errors';
import { ParseThread } from './parse-thread';
import { RecordParser, type ChunkParser, type ParsedChunk, type ParseFailure, type RecordBatch } from './record-parser';

export type { RecordBatch } from './record-parser';

/** How much of the file decides the encoding and delimiter. */
export const SAMPLE_BYTES = 64 * 1024;

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
 * streams records through the decoder, the scanner and csv-parse (with
 * `offThread`, the last two on a worker thread).
 * Throws FatalRunError for an empty or binary file before any record.
 */
export async function openCsv(input: SourceInput, config: CsvConfig, options: { offThread?: boolean } = {}): Promise<CsvFile> {
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
    // Off-thread, a few chunks go ahead so the parsing thread works while this one goes on.
    const batches = options.offThread
      ? parseRecords(bytes, () => new ParseThread(delimiter, capBytes), CHUNKS_AHEAD, release)
      : parseRecords(bytes, () => new RecordParser(delimiter, capBytes), 1, release);
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

/** How many chunks the parsing thread may be given ahead of the rows being used. */
const CHUNKS_AHEAD = 16;

/** The records of the UTF-8 bytes, a chunk at a time, with up to `depth` chunks handed to the parser ahead. */
async function* parseRecords(bytes: AsyncIterable<Buffer>, start: () => ChunkParser, depth: number, release: () => void): AsyncGenerator<RecordBatch> {
  // Started with the first read, so an input closed before it leaves no thread behind.
  const parser = start();
  const chunks = bytes[Symbol.asyncIterator]();
  const ahead: Promise<ParsedChunk>[] = [];
  let ended = false;
  try {
    for (;;) {
      while (!ended && ahead.length < depth) {
        const next = await chunks.next();
        ended = next.done === true;
        const parsed = ended ? parser.end() : parser.write(next.value as Buffer);
        parsed.catch(() => undefined); // awaited in turn below
        ahead.push(parsed);
      }
      const parsed = ahead.shift();
      if (!parsed) return;
      const { batch, failure } = await parsed;
      if (batch.records.length > 0) yield batch;
      if (failure) throw translate(failure);
    }
  } finally {
    await parser.close();
    await chunks.return?.();
    release();
  }
}

function translate(failure: ParseFailure): Error {
  if (failure.code === 'CSV_QUOTE_NOT_CLOSED') return new UnclosedQuote(failure.row, failure.column);
  return new FatalRunError('unreadable_csv', `Row ${failure.row} could not be read as CSV (${failure.message}). Save the file as CSV (UTF-8) and import it again.`, { row: failure.row });
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
