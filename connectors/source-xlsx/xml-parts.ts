import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { invalidXml } from './file-errors';

/** Receives a part's elements by local name (prefixes such as `x:` dropped). */
export interface XmlHandler {
  open(name: string, attributes: Record<string, string>): void;
  text(text: string): void;
  close(name: string): void;
}

/**
 * Feeds a part's bytes to `handler` through saxes, yielding after each chunk
 * so the caller can take what the handler collected. Characters split across
 * chunks are decoded whole; invalid XML, or a part that stops before its root
 * element closes, is refused as `invalid_xml`.
 */
export async function* parseXml(chunks: AsyncIterable<Buffer>, handler: XmlHandler, file: string, part: string): AsyncGenerator<void> {
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => handler.open(localName(tag.name), tag.attributes as Record<string, string>));
  parser.on('text', (text) => handler.text(text));
  parser.on('cdata', (text) => handler.text(text));
  parser.on('closetag', (tag) => handler.close(localName(tag.name)));
  const decoder = new StringDecoder('utf8');
  let first = true;
  const feed = (text: string): void => {
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    try {
      parser.write(text);
    } catch (error) {
      // saxes throws plain Errors; a handler's own error (a subclass) is passed on as it is.
      if (!(error instanceof Error) || error.constructor !== Error) throw error;
      throw invalidXml(file, part, reasonOf(error));
    }
  };
  for await (const chunk of chunks) {
    feed(decoder.write(chunk));
    yield;
  }
  feed(decoder.end());
  try {
    parser.close();
  } catch (error) {
    throw invalidXml(file, part, reasonOf(error));
  }
  yield;
}

/** Parses a whole (small) part for its handler's side effects. */
export async function parseWholeXml(chunks: AsyncIterable<Buffer>, handler: XmlHandler, file: string, part: string): Promise<void> {
  for await (const _ of parseXml(chunks, handler, file, part)) void _;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 160 ? `${message.slice(0, 160)}…` : message;
}
