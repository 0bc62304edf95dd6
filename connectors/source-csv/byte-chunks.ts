import type { Readable } from 'node:stream';
import { FatalRunError, FerryError } from '@ferry/sdk';

/** The input's chunks as Buffers, whatever the stream was set to emit; a failing read fails the run. */
export async function* bufferChunks(stream: Readable, label: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) {
      yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string | Uint8Array);
    }
  } catch (error) {
    if (error instanceof FerryError || (error instanceof Error && error.name === 'AbortError')) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new FatalRunError('unreadable_file', `"${label}" could not be read (${reason}). Check the file is there and readable, then import it again.`, {
      file: label,
    });
  }
}

/** `first`, then the rest of an iterator already started. */
export async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}
