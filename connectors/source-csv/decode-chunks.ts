import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { FatalRunError } from '@ferry/sdk';
import { prepend } from './byte-chunks';
import { withoutPartialCharacter, type DetectedEncoding } from './detect-encoding';

/**
 * Turns the file's bytes into UTF-8 for the parser. UTF-8 passes through (BOM
 * skipped); other encodings go through iconv-lite.
 */
export async function* toUtf8(chunks: AsyncIterable<Buffer>, detected: DetectedEncoding, label: string): AsyncGenerator<Buffer> {
  if (detected.encoding !== 'utf-8') {
    yield* decodeWith(chunks, decoderFor(detected.encoding, label));
    return;
  }
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    if (first.done) return;
    const rest = prepend(first.value.subarray(detected.bomLength), iterator);
    yield* detected.asciiSample ? asciiOrWindows1252(rest, label) : rest;
  } finally {
    await iterator.return?.();
  }
}

/**
 * The sample was plain ASCII, which is also Windows-1252: if the first
 * non-ASCII bytes further on are not UTF-8, read the file as Windows-1252 from
 * there. Everything passed on before was ASCII, so it reads the same either way.
 */
async function* asciiOrWindows1252(chunks: AsyncGenerator<Buffer>, label: string): AsyncGenerator<Buffer> {
  let carry: Buffer | undefined;
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    const data = carry ? Buffer.concat([carry, next.value]) : next.value;
    carry = undefined;
    if (isAscii(data)) {
      yield data;
      continue;
    }
    const body = withoutPartialCharacter(data);
    if (isAscii(body)) {
      // Only a character cut by the chunk's end: decide with the next chunk.
      carry = data.subarray(body.length);
      if (body.length > 0) yield body;
      continue;
    }
    if (isUtf8(body)) {
      yield data;
      yield* chunks;
      return;
    }
    yield* decodeWith(prepend(data, chunks), decoderFor('windows-1252', label));
    return;
  }
  if (carry) yield* decodeWith([carry], decoderFor('windows-1252', label));
}

/** iconv-lite's decoder for `encoding`; FatalRunError `encoding` when it cannot be used. */
export function decoderFor(encoding: string, label: string): iconv.DecoderStream {
  try {
    if (!iconv.encodingExists(encoding)) throw new Error(`iconv-lite does not know ${encoding}`);
    return iconv.getDecoder(encoding);
  } catch (error) {
    throw new FatalRunError(
      'encoding',
      `"${label}" cannot be read as ${encoding}. Choose another encoding, or save the file as CSV (UTF-8) and import it again.`,
      { file: label, encoding, cause: error instanceof Error ? error.message : String(error) },
    );
  }
}

async function* decodeWith(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, decoder: iconv.DecoderStream): AsyncGenerator<Buffer> {
  let highSurrogate = '';
  const encode = (text: string): Buffer | undefined => {
    text = highSurrogate + text;
    highSurrogate = '';
    // A character outside the BMP may be split between chunks: keep its first half for the next one.
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return text.length > 0 ? Buffer.from(text, 'utf8') : undefined;
  };
  for await (const chunk of chunks) {
    const out = encode(decoder.write(chunk));
    if (out) yield out;
  }
  const out = encode(decoder.end() ?? '');
  if (out) yield out;
  if (highSurrogate) yield Buffer.from(highSurrogate, 'utf8');
}
