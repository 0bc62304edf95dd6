import { ConfigError } from '@ferry/sdk';
import { parse } from 'csv-parse/sync';

/** One node as a description file gives it, before it is checked. */
export interface ContentNodeEntry {
  uuid: string;
  title: string;
  level: string;
  /** The entry's parent, by index in the list; null at the top. */
  parentIndex: number | null;
  /** The parent it names could not be found (already reported): its place in the tree is not checked. */
  parentUnknown?: boolean;
  /** Where the user finds it: "row 4" (CSV, header = row 1) or "item 1.2" (JSON). */
  where: string;
}

export type ContentTreeFormat = 'json' | 'csv';

/**
 * Reads a content tree description: JSON (nested `children`) or CSV
 * (`uuid,title,level,parent_uuid`, parents in any order). Entries come out in
 * file order; problems of shape are added to `problems`, naming the row or item.
 */
export function readContentTreeFile(text: string, format: ContentTreeFormat, problems: string[]): ContentNodeEntry[] {
  return format === 'json' ? readJson(text, problems) : readCsv(text, problems);
}

function readJson(text: string, problems: string[]): ContentNodeEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError('invalid_content_file', `The file is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new ConfigError('invalid_content_file', 'The JSON file must hold a list of programmes: [{ "uuid", "title", "level": "programme", "children": [...] }].');
  const entries: ContentNodeEntry[] = [];
  const walk = (items: unknown[], parentIndex: number | null, path: string) => {
    items.forEach((item, i) => {
      const where = `item ${path}${i + 1}`;
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        problems.push(`${where}: must be an object with uuid, title and level.`);
        return;
      }
      const node = item as Record<string, unknown>;
      entries.push({ uuid: str(node.uuid), title: str(node.title), level: str(node.level).toLowerCase(), parentIndex, where });
      const index = entries.length - 1;
      if (node.children === undefined || node.children === null) return;
      if (!Array.isArray(node.children)) problems.push(`${where}: "children" must be a list.`);
      else walk(node.children, index, `${path}${i + 1}.`);
    });
  };
  const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value));
  walk(data, null, '');
  return entries;
}

const CSV_COLUMNS = ['uuid', 'title', 'level', 'parent_uuid'] as const;

function readCsv(text: string, problems: string[]): ContentNodeEntry[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: guessDelimiter(text), relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    throw new ConfigError('invalid_content_file', `The CSV file cannot be read: ${(error as Error).message}`);
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const at = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CSV_COLUMNS)[number], number>;
  const missing = CSV_COLUMNS.filter((c) => c !== 'parent_uuid' && at[c] < 0);
  if (missing.length) throw new ConfigError('invalid_content_file', `The CSV file needs the columns uuid, title, level and parent_uuid; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`);

  const cell = (record: string[], column: number) => (column < 0 ? '' : (record[column] ?? '').trim());
  const rows = records.slice(1).map((record, i) => ({ record, row: i + 2 })).filter(({ record }) => record.some((c) => c.trim() !== ''));
  const indexByUuid = new Map<string, number>();
  rows.forEach(({ record }, i) => {
    const uuid = cell(record, at.uuid).toLowerCase();
    if (uuid && !indexByUuid.has(uuid)) indexByUuid.set(uuid, i);
  });
  return rows.map(({ record, row }, i) => {
    const parent = cell(record, at.parent_uuid);
    let parentIndex = parent ? indexByUuid.get(parent.toLowerCase()) ?? null : null;
    if (parent && parentIndex === null) problems.push(`row ${row} (${cell(record, at.uuid) || 'no uuid'}): its parent ${parent} is not in the file.`);
    if (parentIndex === i) {
      problems.push(`row ${row} (${parent}): a node cannot be its own parent.`);
      parentIndex = null;
    }
    const entry: ContentNodeEntry = { uuid: cell(record, at.uuid), title: cell(record, at.title), level: cell(record, at.level).toLowerCase(), parentIndex, where: `row ${row}` };
    if (parent && parentIndex === null) entry.parentUnknown = true;
    return entry;
  });
}

/** Comma, semicolon or tab: whichever the header line holds most of. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}
