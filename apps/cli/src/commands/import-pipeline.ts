import type { PipelineDocument, PluginRef } from '@ferry/engine';
import { UsageError } from '../usage-error';

/**
 * The sources `ferry import` reads with: tables (csv, xlsx, paste), Ferry's
 * own export (json, ndjson) and other platforms' export files (whose rows
 * already carry the sinks' field names, so no column mapping runs for them).
 */
export const IMPORT_FORMATS = ['csv', 'xlsx', 'paste', 'json', 'ndjson', 'canvas-sis', 'moodle-users', 'progression-workbook'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
const PLATFORM_EXPORTS: ImportFormat[] = ['canvas-sis', 'moodle-users', 'progression-workbook'];

export interface ImportFlags {
  into: string;
  /** Which source reads the file; the command settles it (from the file) before building the pipeline. */
  format?: ImportFormat;
  sheet?: string[];
  sheetValue?: string[];
  headerRow?: string;
  /** json/ndjson: which records of the export (people, grants, completions). */
  kind?: string;
  /** Any option of the source's config, `key=value`. */
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

/**
 * What each built-in sink needs before it: the steps in order, and which
 * import flags become its config. A sink not listed (a third-party one) gets
 * the contact steps and only `--option key=value`.
 */
interface SinkRecipe {
  /** Steps after map-columns. */
  steps: (flags: ImportFlags) => PluginRef[];
  /** Sink config from the flags that apply to this sink. */
  config: (flags: ImportFlags) => Record<string, unknown>;
  /** Flags that make sense for this sink (others are refused, so a typo'd sink does not silently ignore them). */
  flags: (keyof ImportFlags)[];
}

const phone = (flags: ImportFlags): PluginRef => ({ use: 'normalize-phone', config: flags.defaultCountry ? { defaultCountry: flags.defaultCountry.toUpperCase() } : {} });
const tags = (flags: ImportFlags): PluginRef => ({ use: 'tags', config: { tags: flags.tag } });
const contactSteps = (flags: ImportFlags): PluginRef[] => [{ use: 'normalize-email' }, phone(flags), tags(flags)];
const updateExisting = (flags: ImportFlags) => (flags.onlyNew ? { updateExisting: false } : {});
const given = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
const CONTACT_FLAGS: (keyof ImportFlags)[] = ['tag', 'defaultCountry', 'onlyNew'];
/** The sinks that send emails take the notify flags as their options of the same names. */
const notifyConfig = (f: ImportFlags) => ({ ...given('notify', f.notify), ...given('language', f.language), ...given('template', f.template) });
const NOTIFY_FLAGS: (keyof ImportFlags)[] = ['notify', 'language', 'template'];

const RECIPES: Record<string, SinkRecipe> = {
  // One email twice in a contacts file is one person: merged, with a warning.
  'crm-contacts': { steps: (f) => [...contactSteps(f), { use: 'dedupe' }], config: (f) => ({ ...updateExisting(f), ...notifyConfig(f) }), flags: [...CONTACT_FLAGS, ...NOTIFY_FLAGS] },
  // The same student may come twice, for two offers: no dedupe.
  'course-enrollment': {
    steps: contactSteps,
    config: (f) => ({ ...updateExisting(f), ...given('offer', f.offer), ...given('role', f.role), ...notifyConfig(f) }),
    flags: [...CONTACT_FLAGS, 'offer', 'role', ...NOTIFY_FLAGS],
  },
  // Many completions per student; progress never creates contacts.
  progress: {
    steps: () => [{ use: 'normalize-email' }],
    config: (f) => ({ ...given('level', f.level), ...given('dateOrder', f.dateOrder) }),
    flags: ['level', 'dateOrder'],
  },
  // A young student may have only a username (when a parent is linked), so an empty email is the sink's call.
  people: {
    steps: (f) => [{ use: 'normalize-email', config: { required: false } }, phone(f), tags(f)],
    config: (f) => ({ ...updateExisting(f), ...given('role', f.role), ...notifyConfig(f) }),
    flags: [...CONTACT_FLAGS, 'role', ...NOTIFY_FLAGS],
  },
  'team-membership': {
    steps: contactSteps,
    config: (f) => ({ ...updateExisting(f), ...given('role', f.role), ...(f.createTeams ? { createTeams: true } : {}) }),
    flags: [...CONTACT_FLAGS, 'role', 'createTeams'],
  },
};

const OTHER_SINK: SinkRecipe = { steps: contactSteps, config: () => ({}), flags: ['tag', 'defaultCountry'] };

const FLAG_NAMES: Partial<Record<keyof ImportFlags, string>> = {
  tag: '--tag', defaultCountry: '--default-country', onlyNew: '--only-new', offer: '--offer', role: '--role',
  level: '--level', dateOrder: '--date-order', createTeams: '--create-teams',
  notify: '--notify', language: '--language', template: '--template',
};

/** Turns `ferry import` flags into the pipeline document the engine runs. */
export function importPipeline(fileLabel: string, flags: ImportFlags): PipelineDocument {
  const recipe = RECIPES[flags.into] ?? OTHER_SINK;
  refuseFlagsOtherSinksTake(flags, recipe);
  const batchSize = flags.batchSize === undefined ? undefined : Number(flags.batchSize);
  if (batchSize !== undefined && !Number.isInteger(batchSize)) throw new UsageError('--batch-size must be a whole number.');
  return {
    name: flags.name?.trim() || `Import of ${fileLabel}`,
    source: importSource(flags),
    steps: [...mapping(flags), ...recipe.steps(flags)],
    sink: { use: flags.into, config: { ...recipe.config(flags), ...sinkOptions(flags.option ?? []) } },
    options: { dryRun: Boolean(flags.dryRun), batchSize },
  };
}

/** Columns to fields, except for platform exports, whose adapters name every value by its field already. */
function mapping(flags: ImportFlags): PluginRef[] {
  if (flags.format && PLATFORM_EXPORTS.includes(flags.format)) {
    if (flags.map.length || flags.onlyMapped) throw new UsageError(`--map and --only-mapped do not apply to --format ${flags.format}: its rows carry Ferry's field names.`);
    return [];
  }
  return [{ use: 'map-columns', config: { mapping: pairs(flags.map, '--map', 'Header=field'), onlyMapped: Boolean(flags.onlyMapped) } }];
}

/** Flags only one format takes; given for another, they are refused rather than ignored. */
const FORMAT_FLAGS: { format: ImportFormat; flag: string; given: (flags: ImportFlags) => boolean }[] = [
  { format: 'csv', flag: '--delimiter', given: (f) => f.delimiter !== undefined },
  { format: 'csv', flag: '--encoding', given: (f) => f.encoding !== undefined },
  { format: 'csv', flag: '--no-header', given: (f) => f.header === false },
  { format: 'xlsx', flag: '--sheet', given: (f) => (f.sheet ?? []).length > 0 },
  { format: 'xlsx', flag: '--sheet-value', given: (f) => (f.sheetValue ?? []).length > 0 },
  { format: 'xlsx', flag: '--header-row', given: (f) => f.headerRow !== undefined },
];
const JSON_ONLY = { flag: '--kind', given: (f: ImportFlags) => f.kind !== undefined };

/** The source and its config for the import's format (csv when not given). */
function importSource(flags: ImportFlags): PluginRef {
  const format = flags.format ?? 'csv';
  for (const { format: only, flag, given } of FORMAT_FLAGS) {
    if (only !== format && given(flags)) throw new UsageError(`${flag} applies to --format ${only} only; this import reads ${format === 'paste' ? 'a pasted table' : `--format ${format}`}.`);
  }
  if (format !== 'json' && format !== 'ndjson' && JSON_ONLY.given(flags)) throw new UsageError(`${JSON_ONLY.flag} applies to --format json or ndjson only.`);
  const extra = sinkOptions(flags.sourceOption ?? [], '--source-option');
  if (format === 'paste') return { use: 'paste', config: { ...extra } };
  if (format === 'xlsx') return { use: 'xlsx', config: { ...workbookConfig(flags), ...extra } };
  if (format === 'json' || format === 'ndjson') {
    return { use: 'json-export', config: { format: format === 'ndjson' ? 'ndjson' : 'auto', ...(flags.kind ? { kind: flags.kind } : {}), ...extra } };
  }
  if (PLATFORM_EXPORTS.includes(format)) return { use: format, config: { ...extra } };
  const config: Record<string, unknown> = { header: flags.header };
  if (flags.delimiter) config.delimiter = flags.delimiter === '\\t' || flags.delimiter === 'tab' ? '\t' : flags.delimiter;
  if (flags.encoding) config.encoding = flags.encoding;
  return { use: 'csv', config: { ...config, ...extra } };
}

function workbookConfig(flags: ImportFlags): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (flags.sheet?.length) config.sheets = flags.sheet;
  if (flags.sheetValue?.length) config.sheetValues = sheetValues(flags.sheetValue);
  if (flags.headerRow !== undefined) {
    const row = Number(flags.headerRow);
    if (!Number.isInteger(row) || row < 1) throw new UsageError(`--header-row must be a row number from 1, got "${flags.headerRow}".`);
    config.headerRow = row;
  }
  return config;
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

function refuseFlagsOtherSinksTake(flags: ImportFlags, recipe: SinkRecipe): void {
  for (const [key, name] of Object.entries(FLAG_NAMES) as [keyof ImportFlags, string][]) {
    const value = flags[key];
    const set = Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
    if (set && !recipe.flags.includes(key)) throw new UsageError(`${name} does not apply to the ${flags.into} sink.`);
  }
}

/** `--option key=value` for any sink's config; `true` and `false` become booleans, the first `=` splits. */
function sinkOptions(list: string[], flag = '--option'): Record<string, unknown> {
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
