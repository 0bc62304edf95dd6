import { ConfigError } from '@ferry/sdk';
import { importPipeline as buildPipeline, IMPORT_FORMATS, type ImportFormat, type OptionNames, type PipelineDocument } from '@ferry/engine';
import { UsageError } from '../usage-error';

export { IMPORT_FORMATS, type ImportFormat };

/** `ferry import`'s flags as commander hands them over: strings and lists of `key=value` pairs. */
export interface ImportFlags {
  into: string;
  /** Which source reads the file; the command settles it (from the file) before building the pipeline. */
  format?: ImportFormat;
  sheet?: string[];
  sheetValue?: string[];
  headerRow?: string;
  kind?: string;
  sourceOption?: string[];
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
  offer?: string;
  role?: string;
  level?: string;
  dateOrder?: string;
  createTeams?: boolean;
  /** --notify / --no-notify; undefined leaves the sink's default. */
  notify?: boolean;
  language?: string;
  template?: string;
  option: string[];
}

/** How the command line spells each option, so messages name the flag the user typed. */
const FLAG_NAMES: OptionNames = {
  tags: '--tag', defaultCountry: '--default-country', onlyNew: '--only-new', offer: '--offer', role: '--role',
  level: '--level', dateOrder: '--date-order', createTeams: '--create-teams', format: '--format', mapping: '--map',
  onlyMapped: '--only-mapped', delimiter: '--delimiter', encoding: '--encoding', header: '--no-header', sheets: '--sheet',
  sheetValues: '--sheet-value', headerRow: '--header-row', kind: '--kind', batchSize: '--batch-size',
  notify: '--notify', language: '--language', template: '--template',
};

/** Turns `ferry import` flags into the pipeline document the engine runs (the rules are the engine's import recipe). */
export function importPipeline(fileLabel: string, flags: ImportFlags): PipelineDocument {
  const batchSize = flags.batchSize === undefined ? undefined : Number(flags.batchSize);
  if (batchSize !== undefined && !Number.isInteger(batchSize)) throw new UsageError('--batch-size must be a whole number.');
  const headerRow = flags.headerRow === undefined ? undefined : Number(flags.headerRow);
  if (headerRow !== undefined && (!Number.isInteger(headerRow) || headerRow < 1)) throw new UsageError(`--header-row must be a row number from 1, got "${flags.headerRow}".`);
  try {
    return buildPipeline(fileLabel, {
      into: flags.into,
      format: flags.format,
      sheets: flags.sheet,
      sheetValues: flags.sheetValue?.length ? sheetValues(flags.sheetValue) : undefined,
      headerRow,
      kind: flags.kind,
      sourceOptions: typedPairs(flags.sourceOption ?? [], '--source-option'),
      name: flags.name,
      tags: flags.tag,
      defaultCountry: flags.defaultCountry,
      mapping: pairs(flags.map, '--map', 'Header=field'),
      onlyMapped: flags.onlyMapped,
      dryRun: flags.dryRun,
      delimiter: flags.delimiter,
      encoding: flags.encoding,
      header: flags.header,
      onlyNew: flags.onlyNew,
      batchSize,
      offer: flags.offer,
      role: flags.role,
      level: flags.level,
      dateOrder: flags.dateOrder,
      createTeams: flags.createTeams,
      notify: flags.notify,
      language: flags.language,
      template: flags.template,
      sinkOptions: typedPairs(flags.option ?? [], '--option'),
    }, FLAG_NAMES);
  } catch (error) {
    if (error instanceof ConfigError && error.code === 'invalid_import') throw new UsageError(error.message);
    throw error;
  }
}

/** `Sheet:field=value` pairs (Excel forbids ':' in sheet names, so the first one splits) into `{ Sheet: { field: value } }`. */
function sheetValues(list: string[]): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = Object.create(null);
  for (const item of list) {
    const colon = item.indexOf(':');
    const equals = item.indexOf('=', colon);
    const sheet = item.slice(0, colon).trim();
    const field = item.slice(colon + 1, equals).trim();
    const value = item.slice(equals + 1).trim();
    if (colon <= 0 || equals < 0 || !sheet || !field || !value) throw new UsageError(`--sheet-value needs "Sheet:field=value", got "${item}".`);
    (result[sheet] ??= Object.create(null))[field] = value;
  }
  return result;
}

/** `--option key=value` for any plugin's config; `true` and `false` become booleans, the first `=` splits. */
function typedPairs(list: string[], flag: string): Record<string, unknown> {
  const options = pairs(list, flag, 'key=value', (pair) => pair.indexOf('='));
  const result: Record<string, unknown> = Object.create(null);
  for (const key in options) result[key] = options[key] === 'true' ? true : options[key] === 'false' ? false : options[key];
  return result;
}

/** `A=b` pairs into a prototype-free object (a header may be called __proto__); by default the last `=` splits. */
function pairs(list: string[], flag: string, shape: string, split = (pair: string) => pair.lastIndexOf('=')): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const pair of list) {
    const at = split(pair);
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`${flag} needs "${shape}", got "${pair}".`);
    result[pair.slice(0, at)] = pair.slice(at + 1).trim();
  }
  return result;
}
