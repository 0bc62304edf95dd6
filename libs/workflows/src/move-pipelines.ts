import type { PipelineDocument } from '@ferry/engine';

/*
 * The moves are pipelines, not special code: a source reading Ferry's own
 * database, `set-values`, and one of the learning sinks, so they get dry-run,
 * history and row issues as any import does. Names and values passed in are
 * the stored ones (the commands look them up first).
 */

export interface MoveOptions {
  name?: string;
  dryRun?: boolean;
  batchSize?: number;
  /** Grants only: the course-enrollment sink's email options (notify, language, template) as given. */
  notify?: { notify?: boolean; language?: string; template?: string };
}

const options = (o: MoveOptions) => ({ dryRun: Boolean(o.dryRun), batchSize: o.batchSize });
const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Every contact with the tag gets the offer. */
export function grantPipeline(offer: string, tag: string, o: MoveOptions = {}): PipelineDocument {
  return {
    name: o.name?.trim() || `Grant ${clip(offer)} to tag ${clip(tag)}`,
    source: { use: 'ferry-contacts', config: { tag } },
    steps: [{ use: 'set-values', config: { values: { offer } } }],
    sink: { use: 'course-enrollment', config: { ...o.notify } },
    options: options(o),
  };
}

/** One person's two accounts: `from`'s completions are given to `to`; each node keeps the earliest date. */
export function mergeUsersPipeline(fromEmail: string, toEmail: string, o: MoveOptions = {}): PipelineDocument {
  return {
    name: o.name?.trim() || `Merge progress of ${clip(fromEmail)} into ${clip(toEmail)}`,
    source: { use: 'ferry-completions', config: { email: fromEmail } },
    steps: [{ use: 'set-values', config: { values: { email: toEmail } } }],
    sink: { use: 'progress', config: {} },
    options: options(o),
  };
}

/** Everyone who completed the old content completes the new content that replaces it, on the same date. */
export function carryOverPipeline(from: { uuid: string; title: string }, to: { uuid: string; title: string }, o: MoveOptions = {}): PipelineDocument {
  return {
    name: o.name?.trim() || `Carry over progress from ${clip(from.title)} to ${clip(to.title)}`,
    source: { use: 'ferry-completions', config: { content: from.uuid } },
    steps: [{ use: 'set-values', config: { values: { content: to.uuid } } }],
    sink: { use: 'progress', config: {} },
    options: options(o),
  };
}
