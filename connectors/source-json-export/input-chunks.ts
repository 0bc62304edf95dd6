import type { Readable } from 'node:stream';
import { FerryError } from '@ferry/sdk';
import { unreadable } from './export-errors';

/** The input's chunks as Buffers, whatever the stream emits; a failing read fails the run. */
export async function* inputChunks(stream: Readable, label: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string | Uint8Array);
  } catch (error) {
    if (error instanceof FerryError || (error instanceof Error && error.name === 'AbortError')) throw error;
    throw unreadable(label, error instanceof Error ? error.message : String(error));
  } finally {
    stream.destroy();
  }
}

/** What was peeked at, then the rest of an iterator already started. */
export async function* replay(head: Buffer[], rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    for (const chunk of head) if (chunk.length > 0) yield chunk;
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await rest.return?.();
  }
}
