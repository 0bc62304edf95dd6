import { importPipeline, type ImportFlags } from '../src/commands/import-pipeline';

const flags = (more: Partial<ImportFlags>): ImportFlags => ({ into: 'crm-contacts', tag: [], map: [], header: true, option: [], ...more });
const stepNames = (more: Partial<ImportFlags>) => importPipeline('file.csv', flags(more)).steps.map((s) => s.use);

describe('ferry import: the pipeline each sink gets', () => {
  it('merges duplicate emails for contacts, but not for enrollments or completions, where one person has many rows', () => {
    expect(stepNames({})).toEqual(['map-columns', 'normalize-email', 'normalize-phone', 'tags', 'dedupe']);
    expect(stepNames({ into: 'course-enrollment' })).not.toContain('dedupe');
    expect(stepNames({ into: 'progress' })).toEqual(['map-columns', 'normalize-email']);
  });

  it('lets a people file have rows without email (young students known by username)', () => {
    const doc = importPipeline('kids.csv', flags({ into: 'people', role: 'student' }));
    expect(doc.steps.find((s) => s.use === 'normalize-email')?.config).toEqual({ required: false });
    expect(doc.sink).toEqual({ use: 'people', config: { role: 'student' } });
  });

  it('turns sink flags into the sink config', () => {
    expect(importPipeline('a.csv', flags({ into: 'course-enrollment', offer: 'Spanish A1', onlyNew: true })).sink.config)
      .toEqual({ offer: 'Spanish A1', updateExisting: false });
    expect(importPipeline('a.csv', flags({ into: 'team-membership', createTeams: true, role: 'client' })).sink.config)
      .toEqual({ createTeams: true, role: 'client' });
    expect(importPipeline('a.csv', flags({ into: 'progress', level: 'journey', dateOrder: 'auto' })).sink.config)
      .toEqual({ level: 'journey', dateOrder: 'auto' });
  });

  it('passes --notify, --no-notify, --language and --template to the sinks that send emails, and leaves their defaults otherwise', () => {
    expect(importPipeline('a.csv', flags({ notify: true, language: 'de', template: 'invitation' })).sink.config)
      .toEqual({ notify: true, language: 'de', template: 'invitation' });
    expect(importPipeline('a.csv', flags({ into: 'course-enrollment', offer: 'Spanish', notify: false })).sink.config).toEqual({ offer: 'Spanish', notify: false });
    expect(importPipeline('a.csv', flags({ into: 'people' })).sink.config).toEqual({});
    expect(() => importPipeline('a.csv', flags({ into: 'progress', notify: true }))).toThrow('--notify does not apply to the progress sink.');
    expect(() => importPipeline('a.csv', flags({ into: 'team-membership', language: 'de' }))).toThrow('--language does not apply to the team-membership sink.');
  });

  it('refuses a flag the chosen sink does not take, naming both', () => {
    expect(() => importPipeline('a.csv', flags({ offer: 'Spanish' }))).toThrow('--offer does not apply to the crm-contacts sink.');
    expect(() => importPipeline('a.csv', flags({ into: 'progress', tag: ['x'] }))).toThrow('--tag does not apply to the progress sink.');
  });

  it('passes --option pairs to any sink, splitting at the first = and reading true/false as booleans', () => {
    const doc = importPipeline('a.csv', flags({ into: 'acme-sink', option: ['label=a=b', 'strict=true'] }));
    expect(doc.sink.config).toEqual({ label: 'a=b', strict: true });
    expect(() => importPipeline('a.csv', flags({ option: ['nothing'] }))).toThrow('--option needs "key=value", got "nothing".');
  });

  it('keeps a header called __proto__ as a plain mapping key', () => {
    const mapping = importPipeline('a.csv', flags({ map: ['__proto__=email'] })).steps[0].config!.mapping as Record<string, string>;
    expect(Object.keys(mapping)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).email).toBeUndefined();
  });

  it('reads a workbook with the xlsx source: sheets, values per sheet and the header row from the flags', () => {
    const doc = importPipeline('users.xlsx', flags({
      into: 'people', format: 'xlsx', sheet: ['Students', 'Parents'], headerRow: '3',
      sheetValue: ['Students:role=student', 'Parents:role=parent', 'Parents: note = a=b '],
    }));
    expect(doc.source).toEqual({
      use: 'xlsx',
      config: { sheets: ['Students', 'Parents'], headerRow: 3, sheetValues: { Students: { role: 'student' }, Parents: { role: 'parent', note: 'a=b' } } },
    });
    expect(importPipeline('users.xlsx', flags({ format: 'xlsx' })).source).toEqual({ use: 'xlsx', config: {} });
  });

  it('reads a pasted table with the paste source, and a CSV with the csv source by default', () => {
    expect(importPipeline('pasted', flags({ format: 'paste' })).source).toEqual({ use: 'paste', config: {} });
    expect(importPipeline('a.csv', flags({ delimiter: 'tab', header: false })).source).toEqual({ use: 'csv', config: { header: false, delimiter: '\t' } });
  });

  it('refuses a flag of another format, naming it', () => {
    expect(() => importPipeline('a.xlsx', flags({ format: 'xlsx', delimiter: ';' }))).toThrow('--delimiter applies to --format csv only; this import reads --format xlsx.');
    expect(() => importPipeline('pasted', flags({ format: 'paste', header: false }))).toThrow('--no-header applies to --format csv only; this import reads a pasted table.');
    expect(() => importPipeline('a.csv', flags({ encoding: 'latin1', sheet: ['People'] }))).toThrow('--sheet applies to --format xlsx only; this import reads --format csv.');
    expect(() => importPipeline('pasted', flags({ format: 'paste', sheetValue: ['A:role=x'] }))).toThrow('--sheet-value applies to --format xlsx only');
  });

  it('refuses a malformed --sheet-value or --header-row', () => {
    for (const bad of ['role=student', 'Students:role', ':role=student', 'Students:=student', 'Students:role=']) {
      expect(() => importPipeline('a.xlsx', flags({ format: 'xlsx', sheetValue: [bad] }))).toThrow(`--sheet-value needs "Sheet:field=value", got "${bad}".`);
    }
    expect(() => importPipeline('a.xlsx', flags({ format: 'xlsx', headerRow: '0' }))).toThrow('--header-row must be a row number from 1, got "0".');
  });
});

describe('ferry import: exports', () => {
  it("reads Ferry's JSON export with the records of one kind, mapped by suggestion", () => {
    const doc = importPipeline('export.json', flags({ into: 'people', format: 'json', kind: 'people' }));
    expect(doc.source).toEqual({ use: 'json-export', config: { format: 'auto', kind: 'people' } });
    expect(doc.steps[0].use).toBe('map-columns');
    expect(importPipeline('e.ndjson', flags({ into: 'progress', format: 'ndjson', kind: 'completions' })).source.config).toEqual({ format: 'ndjson', kind: 'completions' });
    expect(() => importPipeline('a.csv', flags({ kind: 'people' }))).toThrow('--kind applies to --format json or ndjson only.');
  });

  it("reads another platform's export without column mapping, passing --source-option to its adapter", () => {
    const doc = importPipeline('users.csv', flags({ into: 'people', format: 'moodle-users', sourceOption: ['emit=people'] }));
    expect(doc.source).toEqual({ use: 'moodle-users', config: { emit: 'people' } });
    expect(doc.steps.map((s) => s.use)).not.toContain('map-columns');
    expect(() => importPipeline('users.csv', flags({ format: 'canvas-sis', map: ['a=email'] }))).toThrow('--map and --only-mapped do not apply to --format canvas-sis');
  });
});
