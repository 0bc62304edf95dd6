const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const QUOTE_BYTE = Buffer.from('"');

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted cell: escaped if the next byte is a quote too, else the cell's end. */
  QuoteInQuoted,
}

/**
 * Walks the UTF-8 bytes just ahead of csv-parse, with the same rules
 * (`relax_quotes`; CRLF, LF and CR end records; empty lines skipped), for the
 * two things csv-parse cannot do for us:
 *
 * - it cuts a cell's content beyond `capBytes`, keeping the quotes and
 *   delimiters that give the file its shape, so a huge cell is never
 *   buffered; the cut cell still comes out longer than the limit, so the row
 *   can be rejected, and the next row reads normally;
 * - it counts the empty lines csv-parse skips, so rows keep the numbers a
 *   spreadsheet shows (an empty line cannot be told from a `""` cell once
 *   parsed).
 */
export class CsvScanner {
  private state = State.FieldStart;
  private length = 0;
  /** A quote held back while dropping, until the next byte says whether it ends the cell. */
  private heldQuote = false;
  private atRecordStart = true;
  private afterCr = false;
  private emptyLines = 0;
  private recordsStarted = 0;
  private readonly emptyLinesBefore = new Map<number, number>();

  constructor(
    private readonly delimiter: number,
    private readonly capBytes: number,
  ) {}

  /** How many empty lines come right before the record at `ordinal` (zero-based, empty lines not counted). */
  takeEmptyLinesBefore(ordinal: number): number {
    const count = this.emptyLinesBefore.get(ordinal);
    if (count === undefined) return 0;
    this.emptyLinesBefore.delete(ordinal);
    return count;
  }

  /** The chunk for the parser: the same bytes, or fewer when a cell is over the cap. */
  push(chunk: Buffer): Buffer {
    const { delimiter, capBytes } = this;
    let { state, length, atRecordStart, afterCr } = this;
    const end = chunk.length;
    const parts: Buffer[] = [];
    let keepFrom = 0;
    /** Leaves bytes [from, to) out of what the parser gets. */
    const drop = (from: number, to: number): void => {
      if (keepFrom < from) parts.push(chunk.subarray(keepFrom, from));
      keepFrom = to;
    };
    /** Counts content bytes [from, to) of the current cell, dropping what goes over the cap. */
    const content = (from: number, to: number): void => {
      const room = capBytes - length;
      if (to - from > room) drop(from + Math.max(room, 0), to);
      length += to - from;
    };

    let i = 0;
    while (i < end) {
      if (state === State.Quoted) {
        let quote = chunk.indexOf(QUOTE, i);
        if (quote < 0) quote = end;
        content(i, quote);
        if (quote === end) break;
        state = State.QuoteInQuoted;
        if (length >= capBytes) {
          this.heldQuote = true;
          drop(quote, quote + 1);
        }
        i = quote + 1;
        continue;
      }
      const byte = chunk[i];
      if (state === State.QuoteInQuoted) {
        if (byte === QUOTE) {
          // An escaped quote: one character of content.
          state = State.Quoted;
          if (this.heldQuote) {
            this.heldQuote = false;
            drop(i, i + 1);
          } else length++;
          i++;
          continue;
        }
        if (this.heldQuote) {
          // The held quote ended the cell after all: put it back before this byte.
          this.heldQuote = false;
          drop(i, i);
          parts.push(QUOTE_BYTE);
        }
        // Text right after a closing quote belongs to the same cell.
        state = State.Unquoted;
      }
      // Outside quotes.
      if (byte === CR || byte === LF) {
        if (!atRecordStart) atRecordStart = true;
        else if (!(byte === LF && afterCr)) this.emptyLines++;
        afterCr = byte === CR;
        state = State.FieldStart;
        length = 0;
        i++;
        continue;
      }
      afterCr = false;
      if (atRecordStart) {
        atRecordStart = false;
        this.recordStarted();
      }
      if (byte === delimiter) {
        state = State.FieldStart;
        length = 0;
        i++;
      } else if (state === State.FieldStart && byte === QUOTE) {
        state = State.Quoted;
        i++;
      } else {
        // Unquoted text runs to the next delimiter or line break.
        state = State.Unquoted;
        let stop = i + 1;
        while (stop < end) {
          const next = chunk[stop];
          if (next === delimiter || next === CR || next === LF) break;
          stop++;
        }
        content(i, stop);
        i = stop;
      }
    }
    this.state = state;
    this.length = length;
    this.atRecordStart = atRecordStart;
    this.afterCr = afterCr;
    if (parts.length === 0 && keepFrom === 0) return chunk;
    if (keepFrom < end) parts.push(chunk.subarray(keepFrom));
    return Buffer.concat(parts);
  }

  private recordStarted(): void {
    if (this.emptyLines > 0) {
      this.emptyLinesBefore.set(this.recordsStarted, this.emptyLines);
      this.emptyLines = 0;
    }
    this.recordsStarted++;
  }

  /** The end of the input: a quote still held ended the last cell. */
  end(): Buffer | undefined {
    if (!this.heldQuote) return undefined;
    this.heldQuote = false;
    return QUOTE_BYTE;
  }
}
