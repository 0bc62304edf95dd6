import { createReadStream, statSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { SourceInput } from './plugin';

/**
 * A file on disk as a source input, labelled with its base name. A file that
 * cannot be read fails when the source opens it, which says so in its terms.
 */
export function fileInput(filePath: string, label = path.basename(filePath)): SourceInput {
  return { label, size: sizeOf(filePath), open: () => createReadStream(filePath, { highWaterMark: READ_CHUNK_BYTES }) };
}

/**
 * A parser handles a chunk in one go, holding the event loop: 256 KB of CSV
 * (3,000 rows) kept a batch's database replies waiting ~10 ms each; at 32 KB
 * a 200,000-row import ran 13% faster (8.3 → 7.2 s, three runs each).
 */
const READ_CHUNK_BYTES = 32 * 1024;

function sizeOf(filePath: string): number | undefined {
  try {
    return statSync(filePath).size;
  } catch {
    return undefined;
  }
}

/**
 * Bytes in memory as a source input (pasted text, tests), handed out
 * `chunkSize` bytes at a time when given (to test chunk boundaries), else at once.
 */
export function bufferInput(data: Buffer | string, label = 'pasted', chunkSize?: number): SourceInput {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { label, size: bytes.length, open: () => Readable.from(chunkSize ? chunksOf(bytes, chunkSize) : [bytes]) };
}

function* chunksOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
