import { ConfigError } from '@ferry/sdk';
import { closeSync, openSync, readSync } from 'node:fs';
import type { PipelineDocument, PluginRef } from './pipeline';

/**
 * How an admin's file becomes a pipeline, the same for the CLI's `ferry
 * import` and the API's imports: which source reads the file, which steps
 * each sink needs before it, and which options become the sink's config.
 */
export const IMPORT_FORMATS = ['csv', 'xlsx', 'paste', 'json', 'ndjson', 'canvas-sis', 'moodle-users', 'progression-workbook'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** Other platforms' export files: their adapters name every value by its field already, so no column mapping runs. */
export const PLATFORM_EXPORTS: readonly ImportFormat[] = ['canvas-sis', 'moodle-users', 'progression-workbook'];

export interface ImportRequest {
  /** The sink. */
  into: string;
  /** Which source reads the file (csv when not given). */
  format?: ImportFormat;
  /** xlsx: the sheets to read. */
  sheets?: string[];
  /** xlsx: values for every row of a sheet, `{ Parents: { role: 'parent' } }`. */
  sheetValues?: Record<string, Record<string, string>>;
  /** xlsx: the row holding the column names. */
  headerRow?: number;
  /** json/ndjson: which records of the export. */
  kind?: string;
  sourceOptions?: Record<string, unknown>;
  name?: string;
  tags?: string[];
  defaultCountry?: string;
  /** Column header → field, `tags`, a custom field's key, or `skip`. */
  mapping?: Record<string, string>;
  onlyMapped?: boolean;
  dryRun?: boolean;
  delimiter?: string;
  encoding?: string;
  /** csv: whether the first row names the columns (default true). */
  header?: boolean;
  onlyNew?: boolean;
  batchSize?: number;
  offer?: string;
  role?: string;
  level?: string;
  dateOrder?: string;
  createTeams?: boolean;
  /** Emails about what the import creates: on, off, or (undefined) the sink's default. */
  notify?: boolean;
  language?: string;
  template?: string;
  sinkOptions?: Record<string, unknown>;
}

/** How the caller spells each option, for messages (`--offer` on the command line, `offer` in the API). */
export type OptionNames = Partial<Record<keyof ImportRequest, string>>;

interface SinkRecipe {
  /** Steps after map-columns. */
  steps: (request: ImportRequest) => PluginRef[];
  /** Sink config from the options that apply to this sink. */
  config: (request: ImportRequest) => Record<string, unknown>;
  /** Options that make sense for this sink (others are refused, so a mistyped sink does not silently ignore them). */
  options: (keyof ImportRequest)[];
}

const phone = (r: ImportRequest): PluginRef => ({ use: 'normalize-phone', config: r.defaultCountry ? { defaultCountry: r.defaultCountry.toUpperCase() } : {} });
const tags = (r: ImportRequest): PluginRef => ({ use: 'tags', config: { tags: r.tags ?? [] } });
const contactSteps = (r: ImportRequest): PluginRef[] => [{ use: 'normalize-email' }, phone(r), tags(r)];
const updateExisting = (r: ImportRequest) => (r.onlyNew ? { updateExisting: false } : {});
const given = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
const CONTACT_OPTIONS: (keyof ImportRequest)[] = ['tags', 'defaultCountry', 'onlyNew'];
/** The sinks that send emails take the notify options as config options of the same names. */
const notifyConfig = (r: ImportRequest) => ({ ...given('notify', r.notify), ...given('language', r.language), ...given('template', r.template) });
const NOTIFY_OPTIONS: (keyof ImportRequest)[] = ['notify', 'language', 'template'];

const RECIPES: Record<string, SinkRecipe> = {
  // One email twice in a contacts file is one person: merged, with a warning.
  'crm-contacts': {
    steps: (r) => [...contactSteps(r), { use: 'dedupe' }],
    config: (r) => ({ ...updateExisting(r), ...notifyConfig(r) }),
    options: [...CONTACT_OPTIONS, ...NOTIFY_OPTIONS],
  },
  // The same student may come twice, for two offers: no dedupe.
  'course-enrollment': {
    steps: contactSteps,
    config: (r) => ({ ...updateExisting(r), ...given('offer', r.offer), ...given('role', r.role), ...notifyConfig(r) }),
    options: [...CONTACT_OPTIONS, 'offer', 'role', ...NOTIFY_OPTIONS],
  },
  // Many completions per student; progress never creates contacts.
  progress: {
    steps: () => [{ use: 'normalize-email' }],
    config: (r) => ({ ...given('level', r.level), ...given('dateOrder', r.dateOrder) }),
    options: ['level', 'dateOrder'],
  },
  // A young student may have only a username (when a parent is linked), so an empty email is the sink's call.
  people: {
    steps: (r) => [{ use: 'normalize-email', config: { required: false } }, phone(r), tags(r)],
    config: (r) => ({ ...updateExisting(r), ...given('role', r.role), ...notifyConfig(r) }),
    options: [...CONTACT_OPTIONS, 'role', ...NOTIFY_OPTIONS],
  },
  'team-membership': {
    steps: contactSteps,
    config: (r) => ({ ...updateExisting(r), ...given('role', r.role), ...(r.createTeams ? { createTeams: true } : {}) }),
    options: [...CONTACT_OPTIONS, 'role', 'createTeams'],
  },
};

const OTHER_SINK: SinkRecipe = { steps: contactSteps, config: () => ({}), options: ['tags', 'defaultCountry'] };
const SINK_OPTIONS: (keyof ImportRequest)[] = ['tags', 'defaultCountry', 'onlyNew', 'offer', 'role', 'level', 'dateOrder', 'createTeams', ...NOTIFY_OPTIONS];

/** Options only one format takes; given for another, they are refused rather than ignored. */
const FORMAT_OPTIONS: { format: ImportFormat; option: keyof ImportRequest; given: (r: ImportRequest) => boolean }[] = [
  { format: 'csv', option: 'delimiter', given: (r) => r.delimiter !== undefined },
  { format: 'csv', option: 'encoding', given: (r) => r.encoding !== undefined },
  { format: 'csv', option: 'header', given: (r) => r.header === false },
  { format: 'xlsx', option: 'sheets', given: (r) => (r.sheets ?? []).length > 0 },
  { format: 'xlsx', option: 'sheetValues', given: (r) => Object.keys(r.sheetValues ?? {}).length > 0 },
  { format: 'xlsx', option: 'headerRow', given: (r) => r.headerRow !== undefined },
];

/** Turns an import's options into the pipeline document the engine runs. Throws ConfigError('invalid_import') naming the option. */
export function importPipeline(fileLabel: string, request: ImportRequest, names: OptionNames = {}): PipelineDocument {
  const name = (option: keyof ImportRequest) => names[option] ?? option;
  const recipe = RECIPES[request.into] ?? OTHER_SINK;
  for (const option of SINK_OPTIONS) {
    const value = request[option];
    const set = Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
    if (set && !recipe.options.includes(option)) throw invalid(`${name(option)} does not apply to the ${request.into} sink.`);
  }
  if (request.batchSize !== undefined && (!Number.isInteger(request.batchSize) || request.batchSize < 1)) throw invalid(`${name('batchSize')} must be a whole number.`);
  return {
    name: request.name?.trim() || `Import of ${fileLabel}`,
    source: importSource(request, name),
    steps: [...mappingSteps(request, name), ...recipe.steps(request)],
    sink: { use: request.into, config: { ...recipe.config(request), ...(request.sinkOptions ?? {}) } },
    options: { dryRun: Boolean(request.dryRun), batchSize: request.batchSize },
  };
}

function mappingSteps(request: ImportRequest, name: (o: keyof ImportRequest) => string): PluginRef[] {
  const mapping = request.mapping ?? {};
  if (request.format && PLATFORM_EXPORTS.includes(request.format)) {
    if (Object.keys(mapping).length || request.onlyMapped) {
      throw invalid(`${name('mapping')} and ${name('onlyMapped')} do not apply to ${name('format')} ${request.format}: its rows carry Ferry's field names.`);
    }
    return [];
  }
  // A prototype-free copy: a header may be called __proto__.
  const own: Record<string, string> = Object.create(null);
  for (const [header, field] of Object.entries(mapping)) own[header] = field;
  return [{ use: 'map-columns', config: { mapping: own, onlyMapped: Boolean(request.onlyMapped) } }];
}

function importSource(request: ImportRequest, name: (o: keyof ImportRequest) => string): PluginRef {
  const format = request.format ?? 'csv';
  for (const { format: only, option, given } of FORMAT_OPTIONS) {
    if (only !== format && given(request)) {
      throw invalid(`${name(option)} applies to ${name('format')} ${only} only; this import reads ${format === 'paste' ? 'a pasted table' : `${name('format')} ${format}`}.`);
    }
  }
  if (format !== 'json' && format !== 'ndjson' && request.kind !== undefined) throw invalid(`${name('kind')} applies to ${name('format')} json or ndjson only.`);
  const extra = request.sourceOptions ?? {};
  if (format === 'paste') return { use: 'paste', config: { ...extra } };
  if (format === 'xlsx') {
    const config: Record<string, unknown> = {};
    if (request.sheets?.length) config.sheets = request.sheets;
    if (request.sheetValues && Object.keys(request.sheetValues).length) config.sheetValues = request.sheetValues;
    if (request.headerRow !== undefined) {
      if (!Number.isInteger(request.headerRow) || request.headerRow < 1) throw invalid(`${name('headerRow')} must be a row number from 1, got "${request.headerRow}".`);
      config.headerRow = request.headerRow;
    }
    return { use: 'xlsx', config: { ...config, ...extra } };
  }
  if (format === 'json' || format === 'ndjson') {
    return { use: 'json-export', config: { format: format === 'ndjson' ? 'ndjson' : 'auto', ...(request.kind ? { kind: request.kind } : {}), ...extra } };
  }
  if (PLATFORM_EXPORTS.includes(format)) return { use: format, config: { ...extra } };
  const config: Record<string, unknown> = { header: request.header !== false };
  if (request.delimiter) config.delimiter = request.delimiter === '\\t' || request.delimiter === 'tab' ? '\t' : request.delimiter;
  if (request.encoding) config.encoding = request.encoding;
  return { use: 'csv', config: { ...config, ...extra } };
}

const invalid = (message: string) => new ConfigError('invalid_import', message);

const ZIP = Buffer.from('PK\x03\x04', 'latin1');
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * The format of a file when none is given: a zip (what .xlsx is) or an OLE2
 * file (a legacy .xls, which the xlsx source refuses with what to do) is a
 * workbook, as is any .xlsx name (so a damaged one is told so); .json and
 * .ndjson names are Ferry's export; anything else is read as CSV.
 */
export function detectFormat(file: string, label = file): ImportFormat {
  const head = Buffer.alloc(OLE2.length);
  try {
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Unreadable: the source opening it says so in its terms.
  }
  if (head.subarray(0, ZIP.length).equals(ZIP) || head.equals(OLE2) || /\.xls[xm]$/i.test(label)) return 'xlsx';
  if (/\.(ndjson|jsonl)$/i.test(label)) return 'ndjson';
  if (/\.json$/i.test(label)) return 'json';
  return 'csv';
}
