import { FatalRunError, isRejected, resolveConfig, type SourceInput } from '@ferry/sdk';
import { progressionWorkbookSource } from './progression-workbook.source';
import type { ProgressionWorkbookConfig } from './progression-workbook.config';

/**
 * One node of the workbook's content, in the shape of libs/domain's
 * ContentNodeEntry, so `ferry content import` can check and store it with
 * checkContentTree and ContentStore.importTree as it does a CSV tree.
 */
export interface ContentEntry {
  uuid: string;
  title: string;
  level: string;
  /** The entry's parent, by index in the list; null at the top. */
  parentIndex: number | null;
  /** The parent it names is not in the workbook (reported in `problems`). */
  parentUnknown?: boolean;
  /** Where the user finds it: `sheet "Journeys" row 4`. */
  where: string;
}

/** A content tree is held whole to link parents; more nodes than a product's tree ever has are refused. */
export const MAX_CONTENT_NODES = 50_000;

/**
 * Reads the Programmes, Journeys and Activities sheets as a content tree:
 * entries in sheet order (programmes, then journeys, then activities), and
 * the problems found on the way (rows that could not be read, parents not
 * in the workbook), each naming its sheet and row.
 */
export async function readProgressionContent(input: SourceInput, signal?: AbortSignal): Promise<{ entries: ContentEntry[]; problems: string[] }> {
  const config = resolveConfig<ProgressionWorkbookConfig>(progressionWorkbookSource, { emit: 'content' });
  const entries: ContentEntry[] = [];
  const parents: (string | undefined)[] = [];
  const problems: string[] = [];
  for await (const row of progressionWorkbookSource.read(config, { input, signal })) {
    const where = `sheet "${row.at.sheet}" row ${row.at.row}`;
    if (isRejected(row)) {
      problems.push(...row.issues.filter((i) => i.severity === 'error').map((i) => `${where}: ${i.message}`));
      continue;
    }
    if (entries.length === MAX_CONTENT_NODES) {
      throw new FatalRunError('too_much_content', `"${input.label}" lists more than ${MAX_CONTENT_NODES.toLocaleString('en-US')} programmes, journeys and activities, more than a product's content tree holds. Split it by programme.`, { file: input.label });
    }
    const text = (key: string) => (typeof row.values[key] === 'string' ? (row.values[key] as string) : '');
    entries.push({ uuid: text('uuid'), title: text('title'), level: text('level'), parentIndex: null, where });
    parents.push(text('parent_uuid') || undefined);
  }
  const indexByUuid = new Map<string, number>();
  entries.forEach((entry, i) => {
    const key = entry.uuid.toLowerCase();
    if (key && !indexByUuid.has(key)) indexByUuid.set(key, i);
  });
  entries.forEach((entry, i) => {
    const parent = parents[i];
    if (parent === undefined) return;
    const index = indexByUuid.get(parent.toLowerCase());
    if (index !== undefined && index !== i) {
      entry.parentIndex = index;
      return;
    }
    const why = index === i ? 'a node cannot be its own parent' : `its parent ${parent} is not in the workbook`;
    problems.push(`${entry.where} (${entry.uuid || 'no uuid'}): ${why}.`);
    entry.parentUnknown = true;
  });
  return { entries, problems };
}
