import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ConfigError, optionsOf, PluginRegistry, type SourceInput } from '@ferry/sdk';
import { csvSource } from '..';
import { CsvConfig } from '../csv.config';
import { bufferInput, csvConfig, discover, fileInput, plain, readRows } from './source-input';

const fixture = (name: string) => fileInput(join(__dirname, 'fixtures', name));

describe('csv source', () => {
  it('registers as the source "csv" with every option documented', () => {
    expect(new PluginRegistry([csvSource]).get('source', 'csv')).toBe(csvSource);
    expect(optionsOf(CsvConfig).map((o) => o.key).sort()).toEqual(['delimiter', 'encoding', 'header', 'maxFieldSize']);
    expect({ ...csvConfig() }).toEqual({ delimiter: 'auto', header: true, encoding: 'auto', maxFieldSize: 1_048_576 });
  });

  it('refuses an unknown delimiter or encoding as a configuration error', () => {
    expect(() => csvConfig({ delimiter: ':' })).toThrow(ConfigError);
    expect(() => csvConfig({ encoding: 'klingon-8' })).toThrow(/encoding/);
  });

  describe('delimiter', () => {
    it.each([
      ['comma', ','],
      ['semicolon', ';'],
      ['tab', '\t'],
      ['pipe', '|'],
    ])('detects %s', async (_, d) => {
      const text = [['email', 'name', 'note'], ['ada@example.com', 'Ada', 'x'], ['alan@example.com', 'Alan', 'y']]
        .map((cells) => cells.join(d))
        .join('\n');
      expect((await discover(bufferInput(text))).details).toMatchObject({ delimiter: d });
      expect((await readRows(bufferInput(text))).map(plain)[1]).toEqual({ email: 'alan@example.com', name: 'Alan', note: 'y' });
    });

    it('ignores delimiters inside quoted cells when detecting', async () => {
      const text = 'name;note\n"Lovelace, Ada";"a, b, c, d"\n"Turing, Alan";"e, f, g"\n';
      expect((await discover(bufferInput(text))).details).toMatchObject({ delimiter: ';' });
      expect((await readRows(bufferInput(text))).map(plain)).toEqual([
        { name: 'Lovelace, Ada', note: 'a, b, c, d' },
        { name: 'Turing, Alan', note: 'e, f, g' },
      ]);
    });

    it('prefers semicolon over the decimal commas of a European export', async () => {
      const rows = await readRows(fixture('semicolon.csv'));
      expect(rows.map(plain)).toEqual([
        { 'E-Mail': 'ada@example.com', Vorname: 'Ada', Betrag: '1,50' },
        { 'E-Mail': 'grace@example.com', Vorname: 'Grace; Admiral', Betrag: '2,00' },
      ]);
    });

    it('uses the configured delimiter over detection', async () => {
      const rows = await readRows(bufferInput('a;b,c\n1;2,3\n'), { delimiter: ',' });
      expect(rows.map(plain)).toEqual([{ 'a;b': '1;2', c: '3' }]);
    });

    it('reads a one-column file', async () => {
      expect((await readRows(bufferInput('email\nada@example.com\n'))).map(plain)).toEqual([{ email: 'ada@example.com' }]);
    });
  });

  describe('header', () => {
    it('reports the columns, encoding, delimiter and header setting from a sample', async () => {
      expect(await discover(bufferInput('email,first name\nada@example.com,Ada\n', 'people.csv'))).toEqual({
        name: 'people.csv',
        columns: [
          { key: 'email', header: 'email', index: 0 },
          { key: 'first name', header: 'first name', index: 1 },
        ],
        details: { encoding: 'utf-8', delimiter: ',', header: true },
        issues: [],
      });
    });

    it('without a header row, names columns column_1... and starts data at row 1', async () => {
      const input = bufferInput('ada@example.com,Ada\nalan@example.com,Alan\n');
      expect((await discover(input, { header: false })).columns.map((c) => c.key)).toEqual(['column_1', 'column_2']);
      const rows = await readRows(input, { header: false });
      expect(rows.map((r) => [r.at.row, plain(r)])).toEqual([
        [1, { column_1: 'ada@example.com', column_2: 'Ada' }],
        [2, { column_1: 'alan@example.com', column_2: 'Alan' }],
      ]);
    });

    it('gives repeated headers unique keys and warns on row 1 naming the columns', async () => {
      const input = bufferInput('Email,Name,Email,Email (2)\na@x.org,Ada,b@x.org,c@x.org\n');
      const stream = await discover(input);
      expect(stream.columns.map((c) => c.key)).toEqual(['Email', 'Name', 'Email (3)', 'Email (2)']);
      expect(stream.issues).toEqual([
        expect.objectContaining({ row: 1, file: 'people.csv', code: 'duplicate_header', severity: 'warning', column: 'Email (3)', value: 'Email' }),
      ]);
      expect(stream.issues![0].message).toMatch(/Column C .*column A/);
      expect((await readRows(input)).map(plain)).toEqual([{ Email: 'a@x.org', Name: 'Ada', 'Email (3)': 'b@x.org', 'Email (2)': 'c@x.org' }]);
    });

    it('names blank headers after their column letter and warns', async () => {
      const input = bufferInput('email,,  \nada@example.com,x,y\n');
      const stream = await discover(input);
      expect(stream.columns.map((c) => [c.key, c.header])).toEqual([
        ['email', 'email'],
        ['Column B', ''],
        ['Column C', '  '],
      ]);
      expect(stream.issues!.map((i) => [i.code, i.row, i.severity])).toEqual([
        ['blank_header', 1, 'warning'],
        ['blank_header', 1, 'warning'],
      ]);
      expect(stream.issues![0].message).toMatch(/Column B/);
      expect((await readRows(input)).map(plain)).toEqual([{ email: 'ada@example.com', 'Column B': 'x', 'Column C': 'y' }]);
    });

    it('takes an empty quoted cell as a (blank) header, not as an empty line', async () => {
      const input = bufferInput('""\nvalue\n');
      expect((await discover(input)).columns).toEqual([{ key: 'Column A', header: '', index: 0 }]);
      expect((await readRows(input)).map((r) => [r.at.row, plain(r)])).toEqual([[2, { 'Column A': 'value' }]]);
    });

    it('skips empty lines before the header, keeping row numbers', async () => {
      const rows = await readRows(bufferInput('\n\nemail\nada@example.com\n'));
      expect(rows.map((r) => [r.at.row, plain(r)])).toEqual([[4, { email: 'ada@example.com' }]]);
    });

    it('treats __proto__, constructor and prototype as ordinary column names', async () => {
      const [row] = await readRows(bufferInput('__proto__,constructor,prototype\na,b,c\n'));
      expect(Object.getPrototypeOf(row.values)).toBeNull();
      expect(Object.entries(row.values)).toEqual([
        ['__proto__', 'a'],
        ['constructor', 'b'],
        ['prototype', 'c'],
      ]);
    });
  });

  describe('rows', () => {
    it('keeps cells exactly as written: spaces, leading zeros, formulas', async () => {
      const [row] = await readRows(bufferInput('a,b,c,d\n  padded ,007,=SUM(A1:A2),"=1+1"\n'));
      expect(plain(row)).toEqual({ a: '  padded ', b: '007', c: '=SUM(A1:A2)', d: '=1+1' });
    });

    it('numbers rows as a spreadsheet does: a quoted line break stays in its row, blank lines count but are skipped', async () => {
      const rows = await readRows(fixture('multiline.csv'));
      expect(rows.map((r) => [r.at.row, r.values.email, r.values.note])).toEqual([
        [2, 'ada@example.com', 'first line\nsecond line'],
        [4, 'grace@example.com', 'one\r\ntwo\nthree'],
        [5, 'alan@example.com', 'plain'],
      ]);
      expect(rows.every((r) => r.at.file === 'multiline.csv' && r.issues.length === 0)).toBe(true);
    });

    it('numbers rows the same however the file is cut into chunks', async () => {
      const text = 'a,b\r\n\r\n1,"x\r\ny"\r\n\r\n\r\n2,3\n\n4,5\r6,7\r\n';
      for (const chunkSize of [undefined, 1, 2, 3, 7]) {
        const rows = await readRows(bufferInput(text, 'x.csv', chunkSize));
        expect(rows.map((r) => [r.at.row, r.values.a])).toEqual([
          [3, '1'],
          [6, '2'],
          [8, '4'],
          [9, '6'],
        ]);
      }
    });

    it('reads CRLF, LF and CR line endings alike', async () => {
      const rows = await readRows(bufferInput('a,b\r\n1,2\n3,4\r5,6'));
      expect(rows.map((r) => [r.at.row, plain(r)])).toEqual([
        [2, { a: '1', b: '2' }],
        [3, { a: '3', b: '4' }],
        [4, { a: '5', b: '6' }],
      ]);
    });

    it('rejects a row with too many cells and goes on', async () => {
      const rows = await readRows(bufferInput('email,name\nada@example.com,Lovelace, Ada\nalan@example.com,Turing\n'));
      expect(rows.map((r) => [r.at.row, plain(r)])).toEqual([
        [2, { email: 'ada@example.com', name: 'Lovelace' }],
        [3, { email: 'alan@example.com', name: 'Turing' }],
      ]);
      expect(rows[0].issues).toEqual([expect.objectContaining({ row: 2, code: 'ragged_row', severity: 'error', column: 'Column C', value: ' Ada' })]);
      expect(rows[0].issues[0].message).toMatch(/3 cells where 2 were expected/);
      expect(rows[1].issues).toEqual([]);
    });

    it('rejects a row with too few cells, leaving the missing ones empty', async () => {
      const [row] = await readRows(bufferInput('email,first,last\nada@example.com,Ada\n'));
      expect(plain(row)).toEqual({ email: 'ada@example.com', first: 'Ada', last: '' });
      expect(row.issues).toEqual([expect.objectContaining({ code: 'ragged_row', severity: 'error', column: 'last' })]);
      expect(row.issues[0].message).toMatch(/2 cells where 3 were expected/);
    });

    it('accepts extra cells that are all empty (a trailing delimiter)', async () => {
      const rows = await readRows(bufferInput('email,name\nada@example.com,Ada,,\nalan@example.com,Alan,\n'));
      expect(rows.map((r) => r.issues)).toEqual([[], []]);
      expect(plain(rows[0])).toEqual({ email: 'ada@example.com', name: 'Ada' });
    });

    it('turns an unclosed quote into one rejected row naming where it opens, after the rows before it', async () => {
      const rows = await readRows(bufferInput('email,note\nada@example.com,fine\nalan@example.com,"never closed\ngrace@example.com,lost\n'));
      expect(rows.map((r) => r.at.row)).toEqual([2, 3]);
      expect(rows[0].issues).toEqual([]);
      expect(rows[1].issues).toEqual([expect.objectContaining({ row: 3, code: 'unclosed_quote', severity: 'error', column: 'note' })]);
      expect(rows[1].issues[0].message).toMatch(/Row 3 .*never closed/);
    });

    it('reports an unclosed quote that opens right after the last complete row', async () => {
      const rows = await readRows(bufferInput('a,b\n1,2\n"'));
      expect(rows.map((r) => [r.at.row, r.issues.map((i) => i.code)])).toEqual([
        [2, []],
        [3, ['unclosed_quote']],
      ]);
    });

    it('streams 50,000 rows without reading the whole file first', async () => {
      let chunksRead = 0;
      const total = 50_000;
      const input: SourceInput = {
        label: 'big.csv',
        open: () =>
          Readable.from(
            (function* () {
              yield Buffer.from('id,email,name\n');
              for (let i = 1; i <= total; i += 1000) {
                chunksRead++;
                let text = '';
                for (let j = i; j < i + 1000; j++) text += `${j},user${j}@example.com,"Name, ${j}"\n`;
                yield Buffer.from(text);
              }
            })(),
          ),
      };
      let count = 0;
      let chunksAtFirstRow = 0;
      for await (const row of csvSource.read(csvConfig(), { input })) {
        if (count === 0) chunksAtFirstRow = chunksRead;
        count++;
        if (row.at.row !== count + 1 || row.values.id !== String(count) || row.issues.length) throw new Error(`row ${count} is wrong`);
      }
      expect(count).toBe(total);
      expect(chunksAtFirstRow).toBeLessThan(10);
    });

    it('stops reading when the consumer stops', async () => {
      let destroyed = false;
      const input: SourceInput = {
        label: 'endless.csv',
        open: () => {
          const stream = Readable.from(
            (function* () {
              yield Buffer.from('n\n');
              for (let i = 0; ; i++) yield Buffer.from(`${i}\n`.repeat(1000));
            })(),
          );
          stream.on('close', () => (destroyed = true));
          return stream;
        },
      };
      for await (const row of csvSource.read(csvConfig(), { input })) if (row.at.row > 5000) break;
      await new Promise((resolve) => setImmediate(resolve));
      expect(destroyed).toBe(true);
    });
  });

  describe('large cells', () => {
    it('rejects a 10 MB cell without holding it, and reads the next row', async () => {
      const huge = 'x'.repeat(5_000_000) + '""quoted"", with, commas\nand lines' + 'y'.repeat(5_000_000);
      const text = `id,notes,email\n1,"${huge}",ada@example.com\n2,short,alan@example.com\n3,${'z'.repeat(10_000_000)},grace@example.com\n4,last,kate@example.com\n`;
      const rows = await readRows(bufferInput(text, 'huge.csv', 64 * 1024));
      expect(rows.map((r) => [r.at.row, r.values.id, r.values.email, r.issues.map((i) => i.code)])).toEqual([
        [2, '1', 'ada@example.com', ['field_too_large']],
        [3, '2', 'alan@example.com', []],
        [4, '3', 'grace@example.com', ['field_too_large']],
        [5, '4', 'kate@example.com', []],
      ]);
      expect(rows[0].values.notes).toBe('');
      expect(rows[0].issues[0]).toMatchObject({ column: 'notes', severity: 'error' });
      expect(rows[0].issues[0].message).toMatch(/Column B \("notes"\) has more than 1,048,576 characters/);
      expect(rows[0].issues[0].value).toMatch(/^x{200}… \(\d+ characters\)$/);
    });

    it('allows cells up to maxFieldSize characters, counting characters rather than bytes', async () => {
      const at = 'é'.repeat(10);
      const over = 'é'.repeat(11);
      for (const chunkSize of [undefined, 1, 7]) {
        const rows = await readRows(bufferInput(`a,b\n"${at}",1\n"${over}",2\n${over},3\n${at},4\n`, 'x.csv', chunkSize), { maxFieldSize: 10 });
        expect(rows.map((r) => [r.values.b, r.values.a, r.issues.map((i) => i.code)])).toEqual([
          ['1', at, []],
          ['2', '', ['field_too_large']],
          ['3', '', ['field_too_large']],
          ['4', at, []],
        ]);
      }
    });

    it('keeps escaped quotes and closing quotes of a cut cell in place when read byte by byte', async () => {
      const text = `a,b\n"${'""'.repeat(40)}x""",1\n"ok ""quoted""",2\n`;
      const rows = await readRows(bufferInput(text, 'x.csv', 1), { maxFieldSize: 8 });
      expect(rows.map((r) => [r.values.a, r.values.b, r.issues.map((i) => i.code)])).toEqual([
        ['', '1', ['field_too_large']],
        ['', '2', ['field_too_large']],
      ]);
      const wider = await readRows(bufferInput(text, 'x.csv', 1), { maxFieldSize: 11 });
      expect(wider[1].values.a).toBe('ok "quoted"');
      expect(wider[1].issues).toEqual([]);
    });
  });
});
