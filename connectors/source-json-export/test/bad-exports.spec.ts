import { Readable } from 'node:stream';
import { FatalRunError, type Row } from '@ferry/sdk';
import { discover, exportInput, readAll, readUntilFailure } from './read';
import { exportDocument, exportNdjson, grants, people } from './sample-export';

const emails = (rows: Row[]) => rows.map((row) => row.values.email);

async function discoverFailure(text: string, raw: Record<string, unknown> = {}): Promise<FatalRunError> {
  try {
    await discover(exportInput(text), raw);
  } catch (error) {
    return error as FatalRunError;
  }
  throw new Error('discover did not fail');
}

describe('json-export: a file cut short or broken', () => {
  const text = exportDocument({ people, grants });

  it('hands out the records before a cut in the middle of a record, then fails naming the record and where the file stops', async () => {
    const cut = text.slice(0, text.indexOf('"Mary"') + 3);
    for (const size of [undefined, 5]) {
      const { rows, error } = await readUntilFailure(exportInput(cut, 'export.json', size));
      expect(emails(rows)).toEqual(['ada@example.com', 'charlotte@example.com']);
      expect(error).toBeInstanceOf(FatalRunError);
      expect(error).toMatchObject({ code: 'truncated_export', details: { where: 'inside people #3' } });
      const lines = cut.split('\n');
      expect((error as Error).message).toContain(`"export.json" ends inside people #3 (the file stops at line ${lines.length}, column ${Buffer.byteLength(lines[lines.length - 1]) + 1})`);
    }
  });

  it('leaves a break after the first records to the read: discover gives their columns', async () => {
    const cut = text.slice(0, text.indexOf('"Mary"') + 3);
    expect((await discover(exportInput(cut))).columns.map((column) => column.key)).toContain('shoe_size');
  });

  it.each([
    ['between two records', (t: string) => t.slice(0, t.indexOf('},', t.indexOf('"Charlotte"')) + 2), 'after people #2', 2],
    ['inside a literal', (t: string) => t.replace('"Somerville"', 'null').slice(0, t.indexOf('"Somerville"') + 3), 'inside people #3', 2],
    ['in another list', (t: string) => t.slice(0, t.indexOf('"Piano for beginners"')), 'inside grants #1', 3],
    ['after the last list', (t: string) => t.slice(0, t.lastIndexOf('}')), "in the export's top level", 3],
  ])('names the place of a cut %s', async (_name, cut, where, read) => {
    const { rows, error } = await readUntilFailure(exportInput(cut(text)));
    expect(rows).toHaveLength(read);
    expect(error).toMatchObject({ code: 'truncated_export', details: { where } });
  });

  it('fails on JSON broken in the middle, naming the record it follows and the reason', async () => {
    const broken = text.replace('"email": "charlotte@example.com"', '"email" "charlotte@example.com"');
    const { rows, error } = await readUntilFailure(exportInput(broken));
    expect(emails(rows)).toEqual(['ada@example.com']);
    expect(error).toMatchObject({ code: 'invalid_json', details: { where: 'inside people #2' } });
    expect((error as Error).message).toBe(`"export.json" is not valid JSON inside people #2: expected ':'. Fix the file there, or export it again.`);
    const doubled = await readUntilFailure(exportInput('[{"email":"a@example.com"},, {"email":"b@example.com"}]'));
    expect(doubled.error).toMatchObject({ code: 'invalid_json', details: { where: 'after record #1' } });
    const trailing = await readUntilFailure(exportInput(`${text}\n{"people":[]}`));
    expect(trailing.error).toMatchObject({ code: 'invalid_json', details: { where: 'after the end of the export' } });
  });

  it('fails in discover, before anything is written, when the JSON breaks at the start', async () => {
    expect(await discoverFailure('{"format": "ferry-export", "people": [ {"email" "a@example.com"} ]}')).toMatchObject({ code: 'invalid_json' });
    expect(await discoverFailure('[{"email": "a@exa')).toMatchObject({ code: 'truncated_export', details: { where: 'inside record #1' } });
    expect(await discoverFailure('{"email": "a@example.com"\n{"email": "b@example.com"}\n', { format: 'ndjson' })).toMatchObject({ code: 'invalid_json' });
  });

  it('fails on an NDJSON last line without its line break that is not JSON; earlier lines are read', async () => {
    const ndjson = exportNdjson({ people });
    const cut = ndjson.slice(0, ndjson.lastIndexOf('"Mary"') + 4);
    const { rows, error } = await readUntilFailure(exportInput(cut, 'export.ndjson', 10));
    expect(emails(rows)).toEqual(['ada@example.com', 'charlotte@example.com']);
    expect(error).toMatchObject({ code: 'truncated_export', details: { where: 'in the middle of line 4' } });
    // Cut at a line break, an NDJSON file looks whole: its last line is read.
    expect(emails(await readAll(exportInput(ndjson.slice(0, ndjson.lastIndexOf('\n{') + 1), 'export.ndjson')))).toHaveLength(2);
  });
});

describe('json-export: files that are not a Ferry export', () => {
  it.each([
    ['another format', '{"format":"other-tool","people":[]}', 'not_a_ferry_export'],
    ['a document without format or lists', '{\n"users":[{"email":"a@example.com"}]\n}', 'not_a_ferry_export'],
    ['a single value', '{"x":1}\n[]', 'not_a_ferry_export'],
    ['a newer version', '{"format":"ferry-export","version":2,"people":[]}', 'unsupported_version'],
    ['a version that is not a number', '{"format":"ferry-export","version":"1","people":[]}', 'unsupported_version'],
    ['people that is not a list', '{"format":"ferry-export","people":{"email":"a@example.com"}}', 'not_a_list'],
    ['an NDJSON header of another format', '{"format":"other"}\n{"email":"a@example.com"}\n', 'not_a_ferry_export'],
    ['an NDJSON header of a newer version', '{"format":"ferry-export","version":3}\n{"email":"a@example.com"}\n', 'unsupported_version'],
    ['a CSV file', 'email\nada@example.com\n', 'not_json'],
  ])('refuses %s', async (_name, text, code) => {
    const error = await discoverFailure(text);
    expect(error).toBeInstanceOf(FatalRunError);
    expect(error.code).toBe(code);
  });

  it('says why, in words', async () => {
    expect((await discoverFailure('{"format":"ferry-export","version":2,"people":[]}')).message).toContain('version 2 of Ferry\'s export format, made by a newer Ferry');
    expect((await discoverFailure('{"format":"ferry-export","grants":"none"}', { kind: 'grants' })).message).toBe(
      '"grants" in "export.json" must be a list of records ([...]), but it is a text.',
    );
  });

  it('fails with unreadable_file when the file cannot be read', async () => {
    const input = { label: 'gone.json', open: () => Readable.from((async function* () { yield Buffer.from('[{"email":'); throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }); })()) };
    const { error } = await readUntilFailure(input);
    expect(error).toMatchObject({ code: 'unreadable_file' });
    expect((error as Error).message).toContain('EIO: i/o error');
  });
});

describe('json-export: size limits', () => {
  const huge = 'x'.repeat(3_000_000);

  it.each([
    ['json', (records: string[]) => `[${records.join(',')}]`, 'record #2'],
    ['ndjson', (records: string[]) => records.join('\n'), 'line 2'],
  ])('rejects a record with a value over maxValueLength and reads on (%s)', async (_format, wrap, position) => {
    const text = wrap(['{"email":"a@example.com"}', `{"email":"b@example.com","fields":{"notes":"${huge}"}}`, '{"email":"c@example.com"}']);
    const rows = await readAll(exportInput(text, 'export', 65536));
    expect(rows.map((row) => row.issues.map((issue) => issue.code))).toEqual([[], ['value_too_long'], []]);
    const [issue] = rows[1].issues;
    expect(issue).toMatchObject({ column: 'fields.notes', severity: 'error' });
    expect(issue.value!.length).toBeLessThan(300);
    expect(issue.message).toMatch(new RegExp(`^${position}: the value of "fields.notes" is 3,000,000 characters long, more than the 1,048,576`));
    expect(rows[1].values).toEqual({});
  });

  it.each([
    ['json', (records: string[]) => `[${records.join(',')}]`],
    ['ndjson', (records: string[]) => records.join('\n')],
  ])('rejects a record over 16 times maxValueLength (%s)', async (_format, wrap) => {
    const many = Array.from({ length: 40 }, (_, i) => `"f${i}":"${'y'.repeat(900)}"`).join(',');
    const text = wrap(['{"email":"a@example.com"}', `{"email":"b@example.com",${many}}`, '{"email":"c@example.com"}']);
    const rows = await readAll(exportInput(text, 'export', 4096), { maxValueLength: 1000 });
    expect(rows.map((row) => row.issues.map((issue) => issue.code))).toEqual([[], ['record_too_large'], []]);
    expect(rows[2].values.email).toBe('c@example.com');
  });
});
