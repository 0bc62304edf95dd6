import type { Readable } from 'node:stream';
import { bufferInput, FatalRunError, type SourceInput } from '@ferry/sdk';

/** The most pasted text Ferry holds; larger tables belong in a file. */
export const MAX_PASTE_BYTES = 64 * 1024 * 1024;

/** Pasted text as a source input, labelled "pasted" (the name rows and issues show). */
export function pastedInput(text: string | Buffer, label = 'pasted'): SourceInput {
  return bufferInput(text, label);
}

/**
 * Reads a stream such as standard input to its end, for the paste source:
 * it may open its input more than once, which a pipe cannot do. Refuses more
 * than `maxBytes` before holding it.
 */
export async function readPasted(stream: Readable, label = 'pasted', maxBytes = MAX_PASTE_BYTES): Promise<SourceInput> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += bytes.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new FatalRunError(
        'too_large',
        `The pasted text is larger than ${Math.round(maxBytes / (1024 * 1024))} MB. Save the table as a CSV file and import that file instead.`,
        { file: label, maxBytes },
      );
    }
    chunks.push(bytes);
  }
  return pastedInput(Buffer.concat(chunks), label);
}
