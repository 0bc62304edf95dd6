import { createReadStream, statSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { SourceInput } from './plugin';

/** A file on disk as a source input, labelled with its base name. */
export function fileInput(filePath: string, label = path.basename(filePath)): SourceInput {
  return { label, size: statSync(filePath).size, open: () => createReadStream(filePath, { highWaterMark: 256 * 1024 }) };
}

/** Bytes in memory as a source input (pasted text, tests). */
export function bufferInput(data: Buffer | string, label = 'pasted'): SourceInput {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { label, size: bytes.length, open: () => Readable.from([bytes]) };
}
