import type { PipelineDocument } from '@ferry/engine';
import { UsageError } from '../usage-error';

export interface ImportFlags {
  into: string;
  name?: string;
  tag: string[];
  defaultCountry?: string;
  map: string[];
  onlyMapped?: boolean;
  dryRun?: boolean;
  delimiter?: string;
  encoding?: string;
  header: boolean;
  onlyNew?: boolean;
  batchSize?: string;
}

/** Turns `ferry import` flags into the pipeline document the engine runs. */
export function importPipeline(fileLabel: string, flags: ImportFlags): PipelineDocument {
  // Prototype-free: a header may be called __proto__.
  const mapping: Record<string, string> = Object.create(null);
  for (const pair of flags.map) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`--map needs "Header=field", got "${pair}".`);
    mapping[pair.slice(0, at)] = pair.slice(at + 1).trim();
  }
  const batchSize = flags.batchSize === undefined ? undefined : Number(flags.batchSize);
  if (batchSize !== undefined && !Number.isInteger(batchSize)) throw new UsageError('--batch-size must be a whole number.');
  const source: Record<string, unknown> = { header: flags.header };
  if (flags.delimiter) source.delimiter = flags.delimiter === '\\t' || flags.delimiter === 'tab' ? '\t' : flags.delimiter;
  if (flags.encoding) source.encoding = flags.encoding;
  return {
    name: flags.name?.trim() || `Import of ${fileLabel}`,
    source: { use: 'csv', config: source },
    steps: [
      { use: 'map-columns', config: { mapping, onlyMapped: Boolean(flags.onlyMapped) } },
      { use: 'normalize-email' },
      { use: 'normalize-phone', config: flags.defaultCountry ? { defaultCountry: flags.defaultCountry.toUpperCase() } : {} },
      { use: 'tags', config: { tags: flags.tag } },
      { use: 'dedupe' },
    ],
    sink: { use: flags.into, config: flags.onlyNew ? { updateExisting: false } : {} },
    options: { dryRun: Boolean(flags.dryRun), batchSize },
  };
}
