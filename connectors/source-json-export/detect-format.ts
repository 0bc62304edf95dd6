import { isJsonObject } from '@ferry/sdk';
import { emptyExport, notJson, utf16 } from './export-errors';
import { KINDS } from './export-kinds';
import { replay } from './input-chunks';
import type { ExportFormatOption } from './json-export.config';

export type ExportFormat = 'json' | 'ndjson';

/** The most of the file's start that telling JSON from NDJSON may hold in memory. */
export const PEEK_LIMIT = 1024 * 1024;

const BOM = [0xef, 0xbb, 0xbf];
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const NEWLINE = 0x0a;

/**
 * Decides how to read the file from its start, and hands back all its bytes
 * (without a UTF-8 BOM) to read from there. Refuses what is no JSON at all.
 *
 * `auto`: `[` starts a JSON list; `{` starts NDJSON when the first line is a
 * whole JSON object by itself and the next line starts another object (or
 * nothing follows and the object is not an export document); anything else
 * that starts with `{` is one JSON document (pretty-printed or minified).
 */
export async function detectFormat(
  source: AsyncGenerator<Buffer>, option: ExportFormatOption, file: string,
): Promise<{ format: ExportFormat; chunks: AsyncGenerator<Buffer> }> {
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  for (;;) {
    const bytes = head.length === 1 ? head[0] : Buffer.concat(head);
    const decision = decide(bytes, ended || size >= PEEK_LIMIT, ended, option, file);
    if (decision) {
      const start = hasBom(bytes) ? BOM.length : 0;
      return { format: decision, chunks: replay([bytes.subarray(start)], source) };
    }
    const next = await source.next();
    if (next.done) ended = true;
    else {
      head.length = 0;
      head.push(bytes, next.value);
      size += next.value.length;
    }
  }
}

/** The format, or undefined to look at more bytes; `final`: there are no more to look at. */
function decide(bytes: Buffer, final: boolean, ended: boolean, option: ExportFormatOption, file: string): ExportFormat | undefined {
  if (bytes.length < BOM.length && !final) return undefined;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw utf16(file);
  let i = skipBlanks(bytes, hasBom(bytes) ? BOM.length : 0);
  if (i === bytes.length) {
    if (ended) throw emptyExport(file);
    return final ? 'json' : undefined;
  }
  if (bytes[i] !== OPEN_BRACKET && bytes[i] !== OPEN_BRACE) throw notJson(file, quoteStart(bytes, i));
  if (option !== 'auto') return option;
  if (bytes[i] === OPEN_BRACKET) return 'json';

  const newline = bytes.indexOf(NEWLINE, i);
  if (newline < 0) return final ? documentOrRecord(parseObject(bytes.toString('utf8', i))) : undefined;
  const first = parseObject(bytes.toString('utf8', i, newline));
  if (!first) return 'json';
  i = skipBlanks(bytes, newline + 1);
  if (i === bytes.length) return final ? documentOrRecord(first) : undefined;
  return bytes[i] === OPEN_BRACE ? 'ndjson' : 'json';
}

/** A lone object: one JSON document when it looks like one, else one NDJSON record. */
function documentOrRecord(object: Record<string, unknown> | undefined): ExportFormat {
  if (!object) return 'json';
  const isDocument = Object.hasOwn(object, 'format') || Object.keys(KINDS).some((list) => Array.isArray(object[list]) && Object.hasOwn(object, list));
  return isDocument ? 'json' : 'ndjson';
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const hasBom = (bytes: Buffer) => bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];

function skipBlanks(bytes: Buffer, from: number): number {
  let i = from;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i;
}

function quoteStart(bytes: Buffer, from: number): string {
  const line = bytes.toString('utf8', from, Math.min(bytes.length, from + 200)).split(/\r?\n/)[0];
  return JSON.stringify(line.length > 30 ? `${line.slice(0, 30)}…` : line);
}
