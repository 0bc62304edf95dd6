/** A token of stream-json's parser: keys, strings and numbers packed (`keyValue`, ...) or streamed in chunks. */
export interface JsonToken {
  name: string;
  value?: unknown;
}

/** What one value built by {@link JsonValueBuilder} may hold. Text past a limit is counted, never kept. */
export interface JsonValueLimits {
  /** The longest key, string or number, in characters (streamed tokens only: a packed one arrives whole). */
  maxTextLength?: number;
  /** The most characters of keys, strings and numbers in the whole value. */
  maxTotalLength?: number;
}

/** Why the value last taken is incomplete: the first limit it crossed. */
export interface JsonValueOverflow {
  /** `text`: one key, string or number was too long and was left out (with its entry); `total`: the value grew too large and everything from there on was left out. */
  reason: 'text' | 'total';
  /** Where, from the value's top: keys and list positions (from 0), e.g. `['fields', 'notes']`. */
  path: (string | number)[];
  /** Characters seen: of the text, or of the whole value. */
  length: number;
  /** The text's first characters (`text` only), for messages. */
  start?: string;
}

type Container = Record<string, unknown> | unknown[];

const START_OF: Record<string, 'string' | 'number' | 'key'> = { startString: 'string', startNumber: 'number', startKey: 'key' };
const PACKED_AFTER: Record<string, string> = { endString: 'stringValue', endNumber: 'numberValue', endKey: 'keyValue' };
const KEPT_START = 200;

/**
 * Builds one JSON value at a time from stream-json parser tokens, like
 * stream-json's Assembler but safe for untrusted data:
 * - objects are prototype-free, so a `"__proto__"` key is an ordinary key
 *   (Assembler's `obj[key] = value` would replace the object's prototype);
 * - integers too large for a double keep their digits as text, so ids do not silently change;
 * - with streamed strings and numbers (`streamValues: true, packValues: false`; keys may be
 *   packed), {@link JsonValueLimits} hold: a 100 MB string is counted, not kept.
 * Read {@link overflow} after {@link take} when limits are set.
 */
export class JsonValueBuilder {
  private readonly stack: { container: Container; key: string | number | null }[] = [];
  private key: string | null = null;
  private result: unknown;
  private done = false;
  private total = 0;
  private over: JsonValueOverflow | undefined;
  /** The text being streamed: what is kept of it (undefined once too long), its length and first characters. */
  private text: { kind: 'string' | 'number' | 'key'; kept: string | undefined; length: number; start: string } | undefined;
  /** Containers open inside a part being left out. */
  private skip = 0;
  /** The next value is left out: its key was too long. */
  private dropNext = false;
  /** The value outgrew maxTotalLength: everything up to its end is left out. */
  private truncated = false;
  private previous = '';

  constructor(private readonly limits: JsonValueLimits = {}) {}

  /** The first limit the value last taken crossed; undefined when it is complete. */
  get overflow(): JsonValueOverflow | undefined {
    return this.done ? this.over : undefined;
  }

  /** Feeds one token; true when it completed a value (read it with `take`). */
  consume(token: JsonToken): boolean {
    const previous = this.previous;
    this.previous = token.name;
    // With both packed and streamed tokens on, the packed one repeats what its chunks said.
    if (PACKED_AFTER[previous] === token.name) return false;
    if (this.done) this.reset();
    switch (token.name) {
      case 'startObject':
        return this.open(Object.create(null) as Record<string, unknown>);
      case 'startArray':
        return this.open([]);
      case 'endObject':
      case 'endArray':
        return this.close();
      case 'startString':
      case 'startNumber':
      case 'startKey':
        this.text = { kind: START_OF[token.name], kept: '', length: 0, start: '' };
        return false;
      case 'stringChunk':
      case 'numberChunk':
        this.chunk(token.value as string);
        return false;
      case 'endString':
      case 'endNumber':
      case 'endKey':
        return this.endText();
      case 'keyValue':
        this.countTotal((token.value as string).length);
        return this.setKey(token.value as string);
      case 'stringValue':
        this.countTotal((token.value as string).length);
        return this.add(token.value);
      case 'numberValue':
        this.countTotal((token.value as string).length);
        return this.add(numberOf(token.value as string));
      case 'nullValue':
        return this.add(null);
      case 'trueValue':
        return this.add(true);
      case 'falseValue':
        return this.add(false);
      default:
        return false;
    }
  }

  take(): unknown {
    const value = this.result;
    this.result = undefined;
    return value;
  }

  private reset(): void {
    this.done = false;
    this.total = 0;
    this.over = undefined;
    this.truncated = false;
  }

  private get leavingOut(): boolean {
    return this.skip > 0 || this.truncated;
  }

  private open(container: Container): boolean {
    if (this.leavingOut || this.dropNext) {
      this.dropNext = false;
      this.skip++;
      return false;
    }
    const parent = this.stack[this.stack.length - 1];
    this.stack.push({ container, key: parent && Array.isArray(parent.container) ? parent.container.length : this.key });
    this.key = null;
    return false;
  }

  private close(): boolean {
    if (this.skip > 0) {
      this.skip--;
      return false;
    }
    const { container, key } = this.stack.pop()!;
    this.key = typeof key === 'string' ? key : null;
    return this.add(container, true);
  }

  private chunk(piece: string): void {
    const text = this.text!;
    text.length += piece.length;
    if (text.kept !== undefined && !this.leavingOut) {
      if (text.length <= (this.limits.maxTextLength ?? Infinity)) text.kept += piece;
      else {
        text.start = (text.kept + piece).slice(0, KEPT_START);
        text.kept = undefined;
      }
    } else if (text.start.length < KEPT_START) {
      text.start += piece.slice(0, KEPT_START - text.start.length);
    }
    this.countTotal(piece.length);
  }

  private endText(): boolean {
    const { kind, kept, length, start } = this.text!;
    this.text = undefined;
    if (kept === undefined && !this.leavingOut) {
      this.overflowAt('text', length, kind === 'key', start);
      if (kind === 'key') this.dropNext = true;
      else if (this.stack.length === 0) return this.finish(undefined);
      else this.key = null;
      return false;
    }
    if (kind === 'key') return this.setKey(kept ?? '');
    return this.add(kind === 'number' ? numberOf(kept ?? '') : kept);
  }

  private setKey(key: string): boolean {
    if (!this.leavingOut) this.key = key;
    return false;
  }

  private countTotal(length: number): void {
    this.total += length;
    if (this.total <= (this.limits.maxTotalLength ?? Infinity) || this.truncated || this.stack.length === 0) return;
    this.overflowAt('total', this.total, false);
    // Leave out the rest, up to the end of the top container.
    this.truncated = true;
    this.skip = this.stack.length - 1;
    this.stack.length = 1;
    this.dropNext = false;
    if (this.text) this.text.kept = undefined;
  }

  /** Records the first overflow where it happened (`atKey`: a key, so the path ends at its parent). */
  private overflowAt(reason: JsonValueOverflow['reason'], length: number, atKey: boolean, start?: string): void {
    if (this.over) return;
    const path = this.stack.slice(1).map((entry) => entry.key as string | number);
    const top = this.stack[this.stack.length - 1];
    if (top && !atKey) path.push(Array.isArray(top.container) ? top.container.length : (this.key ?? ''));
    this.over = { reason, path, length, ...(start !== undefined ? { start } : {}) };
  }

  /** `closed`: a container just closed, so it is added even while the rest of the value is left out. */
  private add(value: unknown, closed = false): boolean {
    if (!closed && (this.leavingOut || this.dropNext)) {
      this.dropNext = false;
      return false;
    }
    const parent = this.stack[this.stack.length - 1];
    if (!parent) return this.finish(value);
    if (Array.isArray(parent.container)) parent.container.push(value);
    else parent.container[this.key!] = value;
    this.key = null;
    return false;
  }

  private finish(value: unknown): boolean {
    this.result = value;
    this.done = true;
    this.skip = 0;
    this.dropNext = false;
    return true;
  }
}

function numberOf(text: string): number | string {
  const value = Number(text);
  return Number.isInteger(value) && !Number.isSafeInteger(value) && /^-?\d+$/.test(text) ? text : value;
}
