import { pipeline, type Readable } from 'node:stream';
import { JsonValueBuilder, type JsonToken } from '@ferry/sdk';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/Pick';

/** Where things sit in a page's body, as paths of keys (array positions as digits). */
export interface BodyLayout {
  /** The array of records; empty when the body is the array. */
  items: string[];
  /** Values read on the way (a next cursor, the last page), by name. */
  fields: Record<string, string[]>;
}

/** One page's body, read as it arrives. */
export interface PageBody {
  /** The records, one at a time; the body is never held whole. */
  records: AsyncIterable<unknown>;
  /** The layout's fields found so far; complete once `records` is done. */
  fields: Record<string, unknown>;
  /** What sat at the items path: known once `records` is done (undefined: nothing there). */
  container?: 'array' | 'other';
}

/** Why a body could not be read to its end. */
export class BodyError extends Error {
  constructor(
    /** `transfer`: the connection failed (worth a retry); `json`: the text is not JSON. */
    readonly kind: 'transfer' | 'json',
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Streams a JSON body through stream-json: `pick` keeps the items array's
 * elements and the layout's fields (a filter function tells them apart, in
 * order), and each kept value is built on its own. One pass, one record in
 * memory at a time, and the cursor is found wherever it sits in the body.
 */
export function parseBody(body: Readable, layout: BodyLayout): PageBody {
  const page: PageBody = { records: undefined!, fields: Object.create(null) as Record<string, unknown> };
  const fields = Object.entries(layout.fields);
  // What each picked value is, in the order pick passes them on: null for a record, else a field's name.
  const picked: (string | null)[] = [];
  const filter = (stack: readonly (string | number | null)[], token: { name: string }): boolean => {
    if (isPath(stack, layout.items)) {
      page.container = token.name === 'startArray' ? 'array' : 'other';
      return false;
    }
    if (stack.length === layout.items.length + 1 && typeof stack[stack.length - 1] === 'number' && isPath(stack, layout.items, 1)) {
      picked.push(null);
      return true;
    }
    for (const [name, path] of fields) {
      if (isPath(stack, path)) {
        picked.push(name);
        return true;
      }
    }
    return false;
  };

  let transferError: unknown;
  body.once('error', (error) => (transferError = error));
  const tokens: Readable = pipeline(body, parser({ packValues: true, streamValues: false }), pick({ filter }), () => undefined);

  page.records = (async function* records() {
    const builder = new JsonValueBuilder();
    try {
      for await (const token of tokens as AsyncIterable<JsonToken>) {
        if (!builder.consume(token)) continue;
        const name = picked.shift();
        const value = builder.take();
        if (name === null) yield value;
        else if (name !== undefined) page.fields[name] = value;
      }
    } catch (error) {
      // The body's own failure reaches us first (its listener is older than pipeline's); anything else is the parser's.
      throw new BodyError(transferError !== undefined ? 'transfer' : 'json', transferError ?? error);
    } finally {
      tokens.destroy();
    }
  })();
  return page;
}

/** Whether the stack equals the path (ignoring the stack's last `extra` entries). */
function isPath(stack: readonly (string | number | null)[], path: string[], extra = 0): boolean {
  if (stack.length !== path.length + extra) return false;
  for (let i = 0; i < path.length; i++) if (String(stack[i]) !== path[i]) return false;
  return true;
}
