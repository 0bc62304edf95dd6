import { pipeline, Readable, type TransformCallback } from 'node:stream';
import { FerryError, type JsonToken } from '@ferry/sdk';
import { parser } from 'stream-json';
import { DocumentWalker } from './document-walker';
import { invalidJson, truncated } from './export-errors';
import type { ExportItem, ExportLimits } from './export-item';
import type { ExportKind } from './export-kinds';
import { LineCounter } from './line-counter';
import { objectBatches } from './token-batches';

/**
 * Strings and numbers arrive in chunks, so a value past the size limits is
 * counted, never held; keys come whole (the walker needs them at the top level).
 */
const PARSER_OPTIONS = { packKeys: true, streamKeys: false, packStrings: false, streamStrings: true, packNumbers: false, streamNumbers: true };

/**
 * The run's records of a JSON export (a document or a plain list), parsed
 * with stream-json one token at a time, so only the record being built is in
 * memory. When the JSON breaks, the records before it have been handed out
 * and a FatalRunError names where: `truncated_export` when the file ends
 * before the JSON does, `invalid_json` otherwise.
 */
export async function* jsonItems(chunks: AsyncIterable<Buffer>, kind: ExportKind, limits: ExportLimits, file: string): AsyncGenerator<ExportItem> {
  const walker = new DocumentWalker(kind, limits, file);
  const counter = new LineCounter();
  const tokenizer = parser(PARSER_OPTIONS);
  // What the parser still holds when the input ends tells a file cut short from one broken at its end.
  let rest: unknown;
  const flush = tokenizer._flush.bind(tokenizer);
  tokenizer._flush = (callback: TransformCallback) => {
    rest = (tokenizer as unknown as { _buffer?: unknown })._buffer ?? '';
    flush(callback);
  };
  const tokens = pipeline(Readable.from(chunks), counter, tokenizer, () => undefined) as Readable;
  try {
    for await (const batch of objectBatches<JsonToken>(tokens)) {
      for (const token of batch) {
        const item = walker.consume(token);
        if (item) yield item;
      }
    }
  } catch (error) {
    if (error instanceof FerryError) throw error;
    if (rest !== undefined && !walker.complete && couldGoOn(rest)) throw truncated(file, walker.where(), counter.position());
    throw invalidJson(file, walker.where(), parserReason(error));
  }
  if (!walker.complete) throw truncated(file, walker.where(), counter.position());
}

/**
 * Whether the text the parser held back at the end could start valid JSON: nothing, or the
 * beginning of a literal or of an escape (the parser waits to see the rest of those). A
 * parser without the field we read (another version) counts as cut short.
 */
function couldGoOn(rest: unknown): boolean {
  if (typeof rest !== 'string') return true;
  return /^(t(r(ue?)?)?|f(a(l(se?)?)?)?|n(u(ll?)?)?|-|\\(u[0-9a-fA-F]{0,3})?)?$/.test(rest.trim());
}

/** stream-json's message without its prefix: "expected ','". */
function parserReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Parser cannot parse input: /, '').replace(/^Parser has /, '');
}
