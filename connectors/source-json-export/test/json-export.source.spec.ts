import { Readable } from 'node:stream';
import type { Row, SourceInput } from '@ferry/sdk';
import { jsonExportSource } from '..';
import { configOf, discover, exportInput, readAll } from './read';
import { completions, exportDocument, exportNdjson, grants, people } from './sample-export';

const plain = (row: Row) => ({ ...row.values });
const codes = (row: Row) => row.issues.map((issue) => `${issue.severity}:${issue.code}`);
const lists = { people, grants, completions: completions('c0ffee00-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000002') };

describe('json-export: records become rows keyed like their sink fields', () => {
  it('reads the people of a JSON export: custom fields by key, tags and lists as cells, roles as role', async () => {
    const rows = await readAll(exportInput(exportDocument(lists)), { kind: 'people' });
    expect(rows.map(plain)).toEqual([
      {
        shoe_size: 38, start_date: '2026-03-01', email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', phone: '+447700900123',
        username: 'ada.l', role: 'student', tags: 'spring-2026, piano', parent_email: 'charlotte@example.com', instructor_email: 'mary@example.com',
      },
      { email: 'charlotte@example.com', first_name: 'Charlotte', last_name: 'Lovelace', role: 'parent', tags: '' },
      { shoe_size: 40, email: 'mary@example.com', first_name: 'Mary', last_name: 'Somerville', role: 'instructor', tags: 'staff-room' },
    ]);
    expect(rows.every((row) => row.issues.length === 0 && Object.getPrototypeOf(row.values) === null)).toBe(true);
    // Row numbers are positions in the list, which is the sheet.
    expect(rows.map((row) => row.at)).toEqual([1, 2, 3].map((row) => ({ file: 'export.json', sheet: 'people', row })));
  });

  it('reads grants and completions of the same export, each run its own list', async () => {
    const input = exportInput(exportDocument(lists));
    expect((await readAll(input, { kind: 'grants' })).map(plain)).toEqual(grants);
    const done = await readAll(input, { kind: 'completions' });
    expect(done.map(plain)).toEqual(lists.completions);
    expect(done.map((row) => row.at)).toEqual([{ file: 'export.json', sheet: 'completions', row: 1 }, { file: 'export.json', sheet: 'completions', row: 2 }]);
  });

  it('finds its list wherever it is, skipping other lists and keys, whatever the chunks', async () => {
    const text = exportDocument({ ...lists, grants: [...grants, { nested: { deep: [[{}], 'x'] } }] }, ['completions', 'grants', 'people']).replace(
      '"exported_at"',
      '"workspace": { "people": [{"email": "not-a-record@example.com"}] }, "exported_at"',
    );
    const whole = (await readAll(exportInput(text), { kind: 'people' })).map(plain);
    expect(whole.map((values) => values.email)).toEqual(['ada@example.com', 'charlotte@example.com', 'mary@example.com']);
    for (const size of [1, 3, 64]) expect((await readAll(exportInput(text, 'export.json', size), { kind: 'people' })).map(plain)).toEqual(whole);
  });

  it('reads NDJSON lines of its kind, numbered by line, skipping the header, blank lines and other kinds', async () => {
    const text = exportNdjson(lists).replace('\n{"kind":"grant"', '\n\r\n{"kind":"grant"');
    const rows = await readAll(exportInput(text, 'export.ndjson', 7), { kind: 'people' });
    expect(rows.map(plain)).toEqual((await readAll(exportInput(exportDocument(lists)))).map(plain));
    expect(rows.map((row) => row.at)).toEqual([{ file: 'export.ndjson', row: 2 }, { file: 'export.ndjson', row: 6 }, { file: 'export.ndjson', row: 9 }]);
    const grantRows = await readAll(exportInput(text, 'export.ndjson'), { kind: 'grants' });
    expect(grantRows.map(plain)).toEqual(grants);
  });

  it('reads a plain list as records of the configured kind; a record naming another kind is left to its run', async () => {
    const text = JSON.stringify([{ email: 'a@example.com', offer: 'X' }, { kind: 'person', email: 'p@example.com' }, { kind: 'grants', email: 'b@example.com', offer: 'Y' }]);
    const rows = await readAll(exportInput(text, 'grants.json'), { kind: 'grants' });
    expect(rows.map(plain)).toEqual([{ email: 'a@example.com', offer: 'X' }, { email: 'b@example.com', offer: 'Y' }]);
    // A plain list has no sheet; rows are positions in it.
    expect(rows.map((row) => row.at)).toEqual([{ file: 'grants.json', row: 1 }, { file: 'grants.json', row: 3 }]);
  });

  it.each([['json', (text: string) => `[${text}]`], ['ndjson', (text: string) => text]])(
    'keeps __proto__ and constructor as plain keys (%s)',
    async (_format, wrap) => {
      const records = [
        '{"email":"a@example.com","__proto__":{"polluted":true},"constructor":"c","fields":{"hasOwnProperty":"f","toString":"t"}}',
        '{"email":"b@example.com","__proto__":"p"}',
      ];
      const [first, second] = await readAll(exportInput(wrap(records.join(wrap('') === '[]' ? ',' : '\n'))));
      expect(Object.getPrototypeOf(first.values)).toBeNull();
      expect(plain(first)).toEqual({ hasOwnProperty: 'f', toString: 't', email: 'a@example.com', '__proto__.polluted': true, constructor: 'c' });
      expect(Object.keys(second.values)).toEqual(['email', '__proto__']);
      expect(second.values.__proto__).toBe('p');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('keeps the prefix of custom fields named like the format keys; a custom field wins over an unknown key of its name', async () => {
    const [row] = await readAll(exportInput('[{"email":"a@example.com","department":"top","fields":{"email":"other","department":"custom"},"address":{"city":"Leeds"}}]'));
    expect(plain(row)).toEqual({ 'fields.email': 'other', department: 'custom', email: 'a@example.com', 'address.city': 'Leeds' });
  });

  it('imports the first of several roles, with a warning', async () => {
    const [row] = await readAll(exportInput('[{"email":"a@example.com","roles":["Instructor"," parent ","instructor"]}]'));
    expect(row.values.role).toBe('Instructor');
    expect(row.issues).toEqual([expect.objectContaining({ code: 'several_roles', severity: 'warning', column: 'roles', value: 'Instructor, parent', row: 1 })]);
    expect(row.issues[0].message).toContain('record #1');
  });

  it('rejects records that are not objects or name nobody, saying where they are', async () => {
    const text = exportDocument({
      people: [{ email: 'a@example.com' }, 42, { first_name: 'Nobody' }, { username: 'kid.k' }, null],
      grants: [{ offer: 'X' }, ['a@example.com']],
    });
    const rows = await readAll(exportInput(text));
    expect(rows.map(codes)).toEqual([[], ['error:not_an_object'], ['error:missing_email'], [], ['error:not_an_object']]);
    expect(rows[1].issues[0]).toMatchObject({ row: 2, sheet: 'people', file: 'export.json', value: '42' });
    expect(rows[1].issues[0].message).toMatch(/^people #2 is a number/);
    expect(rows[2].issues[0].message).toMatch(/^people #3 has neither an email nor a username/);
    const grantRows = await readAll(exportInput(text), { kind: 'grants' });
    expect(grantRows.map(codes)).toEqual([['error:missing_email'], ['error:not_an_object']]);
    expect(grantRows[1].issues[0].message).toMatch(/^grants #2 is a list/);
  });

  it('reports NDJSON lines it cannot read in every run: not JSON, unknown kind, not an object', async () => {
    const text = '{"kind":"person","email":"a@example.com"}\n{"kind":"person",\n{"kind":"team","name":"Blue"}\n[1,2]\n{"kind":"grant","email":"a@example.com","offer":"X"}\n';
    for (const kind of ['people', 'grants']) {
      const rows = await readAll(exportInput(text, 'export.ndjson'), { kind });
      expect(rows.filter((row) => row.issues.length).map((row) => [row.at.row, ...codes(row)])).toEqual([
        [2, 'error:invalid_json'],
        [3, 'error:unknown_kind'],
        [4, 'error:not_an_object'],
      ]);
      expect(rows).toHaveLength(4);
    }
    const [, invalid, unknown] = await readAll(exportInput(text, 'export.ndjson'));
    expect(invalid.issues[0].message).toMatch(/^Line 2 is not valid JSON/);
    expect(invalid.issues[0].value).toBe('{"kind":"person",');
    expect(unknown.issues[0]).toMatchObject({ column: 'kind', value: 'team' });
  });
});

describe('json-export discover', () => {
  it('gives the kind\'s keys, then the other keys of the first records, and details', async () => {
    const stream = await discover(exportInput(exportDocument(lists)), { kind: 'people' });
    expect(stream.columns.map((column) => column.key)).toEqual([
      'email', 'first_name', 'last_name', 'phone', 'username', 'role', 'tags', 'parent_email', 'parent_username', 'instructor_email', 'shoe_size', 'start_date',
    ]);
    expect(stream.columns.every((column, index) => column.header === column.key && column.index === index)).toBe(true);
    expect(stream).toMatchObject({ name: 'people', details: { format: 'json', kind: 'people', sink: 'people', sampled: 3 } });
    const grantStream = await discover(exportInput(exportNdjson(lists), 'export.ndjson'), { kind: 'grants' });
    expect(grantStream.columns.map((column) => column.key)).toEqual(['email', 'offer', 'product']);
    expect(grantStream.details).toMatchObject({ format: 'ndjson', sampled: 2, sink: 'course-enrollment' });
  });

  it('reads only sampleSize records, on a pass of its own, leaving the read whole', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ email: `p${i}@example.com`, fields: { [`field_${i}`]: i } }));
    const { input, bytesRead, closed } = trackedInput(exportDocument({ people: many }));
    const stream = await discover(input, { sampleSize: 2 });
    expect(stream.columns.map((column) => column.key).slice(-2)).toEqual(['field_0', 'field_1']);
    expect(bytesRead()).toBeLessThan(Buffer.byteLength(exportDocument({ people: many })) / 4);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed()).toBe(true);
    let count = 0;
    for await (const _row of jsonExportSource.read(configOf(), { input })) count++;
    expect(count).toBe(5000);
  });

  it('gives the kind\'s keys for an export without that list', async () => {
    const stream = await discover(exportInput(exportDocument({ people })), { kind: 'completions' });
    expect(stream.columns.map((column) => column.key)).toEqual(['email', 'content', 'completed_on', 'progress']);
    expect(await readAll(exportInput(exportDocument({ people })), { kind: 'completions' })).toEqual([]);
  });
});

/** An input that counts the bytes read from it, 1 KB at a time, and knows whether its last stream was closed. */
function trackedInput(text: string): { input: SourceInput; bytesRead: () => number; closed: () => boolean } {
  let read = 0;
  let stream: Readable | undefined;
  const bytes = Buffer.from(text);
  function* chunks() {
    for (let at = 0; at < bytes.length; at += 1024) {
      read += Math.min(1024, bytes.length - at);
      yield bytes.subarray(at, at + 1024);
    }
  }
  const open = () => (stream = Readable.from(chunks()));
  return { input: { label: 'export.json', open }, bytesRead: () => read, closed: () => stream?.destroyed === true };
}
