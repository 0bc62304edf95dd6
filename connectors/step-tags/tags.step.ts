import { columnOf, isBlankChar, warnRow, type Row, type Step, type StepContext, type StepPlugin } from '@ferry/sdk';
import { manifest } from './manifest';
import { MAX_TAG_LENGTH, TagsConfig } from './tags.config';

const TAGS = 'tags';

/**
 * `values.tags` (raw cells from map-columns, or one string) becomes a list of
 * single tags: split, trimmed, without empties and without repeats that differ
 * only in case (the first spelling stays), then the configured tags. A row
 * left with no tags has no `tags` value.
 */
function createTags(config: TagsConfig, _context: StepContext): Step {
  const collector = new TagCollector(config.separators);
  const extraTags = config.tags.map((tag) => tag.trim());

  return {
    transform(rows: Row[]): Row[] {
      for (const row of rows) {
        const raw = row.values[TAGS];
        if (raw === undefined && extraTags.length === 0) continue;
        collector.start(row);
        if (Array.isArray(raw)) for (const cell of raw) collector.split(cell);
        else collector.split(raw);
        for (const tag of extraTags) collector.add(tag, 0, tag.length);
        const tags = collector.finish();
        if (tags.length > 0) row.values[TAGS] = tags;
        else delete row.values[TAGS];
      }
      return rows;
    },
  };
}

/** Collects one row's tags at a time; reused for every row of the run. */
class TagCollector {
  private readonly isSeparator = new Uint8Array(0x10000);
  private readonly seen = new Set<string>();
  private row!: Row;
  private tags: string[] = [];

  constructor(separators: string) {
    for (let i = 0; i < separators.length; i++) this.isSeparator[separators.charCodeAt(i)] = 1;
  }

  start(row: Row): void {
    this.row = row;
    this.tags = [];
    this.seen.clear();
  }

  finish(): string[] {
    return this.tags;
  }

  split(cell: unknown): void {
    if (cell === undefined || cell === null) return;
    const text = typeof cell === 'string' ? cell : String(cell);
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      if (this.isSeparator[text.charCodeAt(i)] === 1) {
        this.add(text, start, i);
        start = i + 1;
      }
    }
    this.add(text, start, text.length);
  }

  /** Adds text[start, end) trimmed, unless it is empty, too long or already there. */
  add(text: string, start: number, end: number): void {
    while (start < end && isBlankChar(text.charCodeAt(start))) start++;
    while (end > start && isBlankChar(text.charCodeAt(end - 1))) end--;
    if (start === end) return;
    const tag = start === 0 && end === text.length ? text : text.slice(start, end);
    if (tag.length > MAX_TAG_LENGTH) {
      warnRow(this.row, {
        column: columnOf(this.row, TAGS),
        value: tag,
        code: 'invalid_tag',
        message: `This tag is ${tag.length} characters long; a tag has at most ${MAX_TAG_LENGTH}, so it was left out.`,
      });
      return;
    }
    const key = tag.toLowerCase();
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.tags.push(tag);
  }
}

export const tagsStep: StepPlugin<TagsConfig> = {
  manifest,
  config: TagsConfig,
  create: createTags,
};
