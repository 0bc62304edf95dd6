import type { Writable } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import { CsvScanner } from './csv-scanner';

/** Records parsed from one chunk of the file, with the row a spreadsheet shows each on. */
export interface RecordBatch {
  records: string[][];
  rows: number[];
}

/** Why csv-parse gave up, in plain data (it crosses from the parsing thread). */
export interface ParseFailure {
  code?: string;
  /** For an unclosed quote: the index of the cell it opens. */
  column?: number;
  message: string;
  /** The row the failing record starts on. */
  row: number;
}

/** What one chunk (or the end of the input) gave: its complete records, then the failure that stopped parsing, if any. */
export interface ParsedChunk {
  batch: RecordBatch;
  failure?: ParseFailure;
}

/** Turns UTF-8 chunks into records, in order; in this thread or on the parsing thread (see ParseThread). */
export interface ChunkParser {
  write(chunk: Buffer): Promise<ParsedChunk>;
  /** The input has ended: the last record, if it had no line break. */
  end(): Promise<ParsedChunk>;
  close(): Promise<void>;
}

const MAX_RECORD_CHARS = 64 * 1024 * 1024;

/**
 * csv-parse behind the scanner (which caps huge cells and counts the empty
 * lines csv-parse skips, so rows keep their spreadsheet numbers). Chunks must
 * be written one after the other: each call takes the records its chunk
 * completed.
 */
export class RecordParser implements ChunkParser {
  private readonly parser;
  private readonly scanner: CsvScanner;
  private ordinal = 0;
  private row = 0;

  constructor(delimiter: string, capBytes: number) {
    this.parser = parse({
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
    this.parser.on('error', () => undefined); // errors arrive through the write and end callbacks
    this.scanner = new CsvScanner(delimiter.charCodeAt(0), capBytes);
  }

  async write(chunk: Buffer): Promise<ParsedChunk> {
    return this.settle(await written(this.parser, this.scanner.push(chunk)));
  }

  async end(): Promise<ParsedChunk> {
    const tail = this.scanner.end();
    const error = (tail && (await written(this.parser, tail))) || (await ended(this.parser));
    return this.settle(error);
  }

  async close(): Promise<void> {
    this.parser.destroy();
  }

  private settle(error: Error | null | undefined): ParsedChunk {
    const records: string[][] = [];
    const rows: number[] = [];
    for (let record = this.parser.read(); record !== null; record = this.parser.read()) {
      records.push(record);
      rows.push((this.row = this.nextRow()));
    }
    const batch = { records, rows };
    if (!error) return { batch };
    const { code, column } = error as { code?: string; column?: unknown };
    return { batch, failure: { code, column: typeof column === 'number' ? column : undefined, message: error.message, row: this.nextRow() } };
  }

  private nextRow(): number {
    return this.row + 1 + this.scanner.takeEmptyLinesBefore(this.ordinal++);
  }
}

// csv-parse reports an error through the callback of the write (or end) that met it.
function written(parser: Writable, chunk: Buffer): Promise<Error | null | undefined> {
  return new Promise((resolve) => parser.write(chunk, (error) => resolve(error)));
}

function ended(parser: Writable): Promise<Error | null | undefined> {
  return new Promise((resolve) => parser.end(((error?: Error | null) => resolve(error)) as () => void));
}
