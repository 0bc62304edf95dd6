import { describeJsonType, JsonValueBuilder, type JsonToken, type JsonValueOverflow } from '@ferry/sdk';
import { notAList, notAnExport } from './export-errors';
import { checkFormat, checkVersion } from './export-header';
import { overflowIssue, type ExportItem, type ExportLimits } from './export-item';
import { KINDS, kindMatch, type ExportKind } from './export-kinds';

/** A list being walked: an export's `people`, or the file itself when it is a list. */
interface List {
  /** Null for a plain list of records. */
  name: string | null;
  wanted: boolean;
  /** Records started so far. */
  index: number;
}

/** Knows when a value it is fed ends, without building it. */
class ValueSkipper {
  private depth = 0;

  consume(token: JsonToken): boolean {
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        this.depth++;
        return false;
      case 'endObject':
      case 'endArray':
        return --this.depth === 0;
      case 'endString':
      case 'endNumber':
      case 'stringValue':
      case 'numberValue':
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        return this.depth === 0;
      default:
        return false;
    }
  }
}

/**
 * Walks the parser's tokens of a JSON export: an export document
 * (`{ "format", "version", "people": [...], "grants": [...], ... }`, keys in
 * any order) or a plain list of records. Builds only the records of the run's
 * kind, one at a time; the other lists and unknown keys are skipped unbuilt.
 * Always knows where it is, for messages when the JSON breaks.
 */
export class DocumentWalker {
  private root: 'list' | 'document' | undefined;
  private ended = false;
  private key: string | undefined;
  private list: List | undefined;
  /** What is being fed the tokens of the current value: a record, a header value, or a skipped value. */
  private value: { builder: JsonValueBuilder | ValueSkipper; role: 'record' | 'header' | 'skip' } | undefined;
  private readonly builder: JsonValueBuilder;
  private sawExportKey = false;

  constructor(
    private readonly kind: ExportKind,
    private readonly limits: ExportLimits,
    private readonly file: string,
  ) {
    this.builder = new JsonValueBuilder({ maxTextLength: limits.maxValueLength, maxTotalLength: limits.maxRecordSize });
  }

  /** Feeds one token; returns a record of the run's kind when one is complete. */
  consume(token: JsonToken): ExportItem | undefined {
    if (this.value) return this.feed(token);
    if (!this.root) return this.start(token);
    if (this.list) {
      if (token.name === 'endArray') return this.endList();
      this.list.index++;
      this.value = this.list.wanted ? { builder: this.builder, role: 'record' } : { builder: new ValueSkipper(), role: 'skip' };
      return this.feed(token);
    }
    if (token.name === 'keyValue') {
      this.key = token.value as string;
      return undefined;
    }
    if (token.name === 'endObject') return this.endDocument();
    return this.topValue(token);
  }

  /** Where the walk is, for messages: "inside people #4", "after grants #2", "at the start of the file". */
  where(): string {
    if (!this.root) return 'at the start of the file';
    if (this.ended) return 'after the end of the export';
    if (this.list) {
      const label = (n: number) => (this.list!.name === null ? `record #${n}` : `${this.list!.name} #${n}`);
      if (this.value) return `inside ${label(this.list.index)}`;
      return this.list.index === 0 ? `at the start of ${this.list.name === null ? 'the list' : `"${this.list.name}"`}` : `after ${label(this.list.index)}`;
    }
    return this.key === undefined ? "in the export's top level" : `in "${this.key}"`;
  }

  /** True once the whole document or list has been read. */
  get complete(): boolean {
    return this.ended;
  }

  private start(token: JsonToken): undefined {
    if (token.name === 'startArray') {
      this.root = 'list';
      this.list = { name: null, wanted: true, index: 0 };
    } else if (token.name === 'startObject') {
      this.root = 'document';
    } else {
      throw notAnExport(this.file, 'it holds a single value, not an export or a list of records');
    }
    return undefined;
  }

  /** A value of the document's top level: a list of records, the header, or something else (skipped). */
  private topValue(token: JsonToken): ExportItem | undefined {
    const key = this.key ?? '';
    if (Object.hasOwn(KINDS, key)) {
      this.sawExportKey = true;
      if (token.name !== 'startArray') throw notAList(this.file, key, describeToken(token));
      this.list = { name: key, wanted: key === this.kind.name, index: 0 };
      return undefined;
    }
    const header = key === 'format' || key === 'version';
    if (header) this.sawExportKey = true;
    this.value = header ? { builder: new JsonValueBuilder({ maxTextLength: 1000 }), role: 'header' } : { builder: new ValueSkipper(), role: 'skip' };
    return this.feed(token);
  }

  private feed(token: JsonToken): ExportItem | undefined {
    const { builder, role } = this.value!;
    if (!builder.consume(token)) return undefined;
    this.value = undefined;
    if (role === 'skip') return undefined;
    const value = (builder as JsonValueBuilder).take();
    if (role === 'header') {
      if (this.key === 'format') checkFormat(this.file, value);
      else checkVersion(this.file, value);
      return undefined;
    }
    return this.item(value, this.builder.overflow);
  }

  private item(record: unknown, overflow: JsonValueOverflow | undefined): ExportItem | undefined {
    const { name, index } = this.list!;
    const position = name === null ? `record #${index}` : `${name} #${index}`;
    const item: ExportItem = { row: index, position, record, ...(name === null ? {} : { sheet: name }) };
    if (overflow) return { ...item, problem: overflowIssue(position, overflow, this.limits) };
    if (name !== null) return item;
    // A plain list may mix kinds, as NDJSON does.
    const match = kindMatch(record, this.kind, position);
    if (match === 'other') return undefined;
    return match === 'mine' ? item : { ...item, problem: match };
  }

  private endList(): undefined {
    this.list = undefined;
    this.key = undefined;
    if (this.root === 'list') this.ended = true;
    return undefined;
  }

  private endDocument(): undefined {
    this.ended = true;
    if (!this.sawExportKey) throw notAnExport(this.file, `it has none of "format", ${Object.keys(KINDS).map((k) => `"${k}"`).join(', ')}`);
    return undefined;
  }
}

function describeToken(token: JsonToken): string {
  switch (token.name) {
    case 'startObject':
      return 'an object';
    case 'startString':
    case 'stringValue':
      return 'a text';
    case 'startNumber':
    case 'numberValue':
      return 'a number';
    default:
      return describeJsonType(token.name === 'nullValue' ? null : token.name === 'trueValue');
  }
}
