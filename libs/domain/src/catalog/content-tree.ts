import { ConfigError } from '@ferry/sdk';
import { CONTENT_LEVELS, type ContentLevel } from '../entities';
import { readContentTreeFile, type ContentNodeEntry, type ContentTreeFormat } from './content-tree-file';

/** A checked node, ready to store. */
export interface ContentNodeDraft {
  /** Lower-case. */
  uuid: string;
  title: string;
  level: ContentLevel;
  parentUuid: string | null;
  /** Order among its siblings, as in the file. */
  position: number;
  /** Where the user finds it in the file. */
  where: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (text: string): boolean => UUID.test(text);
const PARENT_LEVEL: Record<ContentLevel, ContentLevel | null> = { programme: null, journey: 'programme', activity: 'journey' };
const PROBLEMS_SHOWN = 20;

/**
 * Reads and checks a content tree description. Every problem is collected
 * (each naming its row or item) and thrown as one ConfigError, so a file is
 * fixed in one pass and nothing is stored from a file that has any.
 */
export function parseContentTree(text: string, format: ContentTreeFormat): ContentNodeDraft[] {
  const problems: string[] = [];
  return contentTreeFrom(readContentTreeFile(text, format, problems), problems);
}

/** The same checks for entries read elsewhere (a progression workbook), with the problems its reading found. */
export function contentTreeFrom(entries: ContentNodeEntry[], problems: string[]): ContentNodeDraft[] {
  const drafts = checkContentTree(entries, problems);
  if (problems.length) {
    const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => `  ${p}`);
    if (problems.length > PROBLEMS_SHOWN) shown.push(`  … and ${problems.length - PROBLEMS_SHOWN} more`);
    throw new ConfigError('invalid_content_tree', `The content tree has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported:\n${shown.join('\n')}`);
  }
  if (drafts.length === 0) throw new ConfigError('invalid_content_tree', 'The file describes no content.');
  return drafts;
}

/** Uuids, titles, levels (programme → journey → activity, strictly) and duplicates. */
export function checkContentTree(entries: ContentNodeEntry[], problems: string[]): ContentNodeDraft[] {
  const firstSeen = new Map<string, string>();
  const siblings = new Map<number | null, number>();
  return entries.map((entry) => {
    const uuid = entry.uuid.toLowerCase();
    const label = `${entry.where}${entry.uuid ? ` (${entry.uuid})` : ''}`;
    const problem = (text: string) => problems.push(`${label}: ${text}`);

    if (!entry.uuid) problem('has no uuid.');
    else if (!UUID.test(entry.uuid)) problem(`"${entry.uuid}" is not a uuid (like 3f2b8c1e-6d0a-4f4e-9a51-0c2d7e8b9a10).`);
    else if (firstSeen.has(uuid)) problem(`the uuid appears twice (first at ${firstSeen.get(uuid)}).`);
    else firstSeen.set(uuid, entry.where);
    if (!entry.title) problem('has no title.');
    const level = entry.level as ContentLevel;
    if (!CONTENT_LEVELS.includes(level)) problem(entry.level ? `level "${entry.level}" is not one of ${CONTENT_LEVELS.join(', ')}.` : 'has no level.');
    else if (!entry.parentUnknown) checkPlace(level, entry.parentIndex === null ? null : entries[entry.parentIndex], problem);

    const position = siblings.get(entry.parentIndex) ?? 0;
    siblings.set(entry.parentIndex, position + 1);
    const parent = entry.parentIndex === null ? null : entries[entry.parentIndex];
    return { uuid, title: entry.title, level, parentUuid: parent ? parent.uuid.toLowerCase() : null, position, where: entry.where };
  });
}

function checkPlace(level: ContentLevel, parent: ContentNodeEntry | null, problem: (text: string) => void): void {
  const expected = PARENT_LEVEL[level];
  if (expected === null) {
    if (parent) problem(`a programme is the top of a tree; it cannot sit under the ${parent.level || 'node'} ${parent.uuid || `at ${parent.where}`}.`);
    return;
  }
  if (!parent) problem(`${article(level)} ${level} belongs in ${article(expected)} ${expected}; it has no parent.`);
  else if (CONTENT_LEVELS.includes(parent.level as ContentLevel) && parent.level !== expected) {
    problem(`${article(level)} ${level} belongs in ${article(expected)} ${expected}, not under the ${parent.level} ${parent.uuid || `at ${parent.where}`}.`);
  }
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
