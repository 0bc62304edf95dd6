import { once } from 'node:events';
import * as zlib from 'node:zlib';
import { FerryError, type SourceInput } from '@ferry/sdk';
import { bufferChunks } from '../source-csv/byte-chunks';
import { damaged, tooLarge } from './file-errors';
import type { ZipEntry } from './zip-directory';

/** How many unpacked bytes one workbook may produce, counted as they are inflated. */
export class InflateBudget {
  private used = 0;

  constructor(
    readonly maxBytes: number,
    private readonly label: string,
  ) {}

  spend(bytes: number): void {
    this.used += bytes;
    if (this.used > this.maxBytes) throw tooLarge(this.label, this.maxBytes);
  }
}

/** One part of the package, its unpacked bytes streamed on demand. */
export interface ZipPart {
  entry: ZipEntry;
  chunks: AsyncGenerator<Buffer>;
}

/**
 * Streams the input once and hands out the given entries in file order,
 * inflating only what the caller reads. Every unpacked byte is counted
 * against `budget`; an entry that unpacks to more than its declared size,
 * fails its checksum or ends early is refused as damaged. A part the caller
 * leaves early is skipped.
 */
export async function* zipParts(input: SourceInput, entries: ZipEntry[], budget: InflateBudget): AsyncGenerator<ZipPart> {
  const label = input.label;
  const stream = input.open();
  const reader = new ByteReader(bufferChunks(stream, label)[Symbol.asyncIterator](), () =>
    damaged(label, 'it ends in the middle of its contents (it was probably cut short while copying or uploading)'),
  );
  try {
    for (const entry of [...entries].sort((a, b) => a.offset - b.offset)) {
      if (entry.offset < reader.offset) throw damaged(label, `its files overlap ("${entry.name}")`);
      await reader.skip(entry.offset - reader.offset);
      const header = await reader.read(30);
      if (header.readUInt32LE(0) !== 0x04034b50) throw damaged(label, `"${entry.name}" is not where its table of contents says`, entry.name);
      await reader.skip(header.readUInt16LE(26) + header.readUInt16LE(28));
      const chunks = checkedChunks(reader, entry, budget, label);
      try {
        yield { entry, chunks };
      } finally {
        await chunks.return(undefined);
      }
    }
  } finally {
    stream.destroy();
  }
}

async function* checkedChunks(reader: ByteReader, entry: ZipEntry, budget: InflateBudget, label: string): AsyncGenerator<Buffer> {
  const source = entry.method === 0 ? reader.slices(entry.compressedSize) : inflated(reader, entry.compressedSize);
  let size = 0;
  let crc = 0;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      budget.spend(chunk.length);
      if (size > entry.uncompressedSize) throw damaged(label, `"${entry.name}" unpacks to more than its declared size`, entry.name);
      crc = zlib.crc32(chunk, crc);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof FerryError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw damaged(label, `"${entry.name}" cannot be unpacked (${reason})`, entry.name);
  }
  if (size !== entry.uncompressedSize || crc >>> 0 !== entry.crc32 >>> 0) {
    throw damaged(label, `"${entry.name}" does not match its checksum`, entry.name);
  }
}

/**
 * Inflates `size` compressed bytes from the reader. The pump writes only as
 * fast as the caller reads (so a bomb never runs ahead of the budget), and
 * is always finished before this returns, so the reader is never used twice at once.
 */
async function* inflated(reader: ByteReader, size: number): AsyncGenerator<Buffer> {
  const inflater = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
  const stop = new AbortController();
  const pump = (async () => {
    const slices = reader.slices(size);
    try {
      for await (const slice of slices) {
        if (stop.signal.aborted) break;
        if (!inflater.write(slice)) await once(inflater, 'drain', { signal: stop.signal });
      }
      if (!stop.signal.aborted) inflater.end();
    } catch (error) {
      if (!stop.signal.aborted) inflater.destroy(error as Error);
    } finally {
      await slices.return(undefined);
    }
  })();
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } finally {
    stop.abort();
    inflater.destroy();
    await pump;
  }
}

/** Sequential reads over an input's chunks, keeping the absolute offset. */
export class ByteReader {
  offset = 0;
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    private readonly ended: () => Error,
  ) {}

  async read(length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const slice of this.slices(length)) parts.push(slice);
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  async skip(length: number): Promise<void> {
    for await (const slice of this.slices(length)) void slice;
  }

  /** The next `length` bytes, as pieces of the input's chunks. */
  async *slices(length: number): AsyncGenerator<Buffer> {
    let left = length;
    while (left > 0) {
      if (this.buffer.length === 0) {
        const next = await this.source.next();
        if (next.done) throw this.ended();
        this.buffer = next.value;
        continue;
      }
      const take = Math.min(left, this.buffer.length);
      const slice = this.buffer.subarray(0, take);
      this.buffer = this.buffer.subarray(take);
      this.offset += take;
      left -= take;
      yield slice;
    }
  }
}
