import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FatalRunError } from '@ferry/sdk';
import { csvSource } from '@ferry/connectors/source-csv';
import { csvConfig, discover, fileInput, plain, readRows } from '../../connectors/source-csv/test/source-input';

// Data written outside this project; see SOURCES.md there. Read in place, never copied.
const EXTERNAL = path.resolve(__dirname, '../../../shared/fixtures/external');
const file = (...parts: string[]) => fileInput(path.join(EXTERNAL, ...parts));

describe('csv source on external data', () => {
  describe('csv-spectrum', () => {
    const cases = readdirSync(path.join(EXTERNAL, 'csv-spectrum/csvs'))
      .filter((name) => name.endsWith('.csv'))
      .map((name) => name.replace(/\.csv$/, ''))
      .filter((name) => name !== 'location_coordinates');

    it.each(cases)('%s reproduces its json', async (name) => {
      const expected = JSON.parse(readFileSync(path.join(EXTERNAL, 'csv-spectrum/json', `${name}.json`), 'utf8'));
      const rows = await readRows(file('csv-spectrum/csvs', `${name}.csv`));
      expect(rows.map(plain)).toEqual(expected);
      expect(rows.flatMap((row) => row.issues)).toEqual([]);
    });

    it('location_coordinates keeps bare quotes inside unquoted cells', async () => {
      // Upstream's json is a single object whose phone number is not the CSV's: compare the rest.
      const expected = JSON.parse(readFileSync(path.join(EXTERNAL, 'csv-spectrum/json/location_coordinates.json'), 'utf8'));
      const rows = await readRows(file('csv-spectrum/csvs/location_coordinates.csv'));
      expect(rows).toHaveLength(1);
      expect(rows[0].issues).toEqual([]);
      expect(plain(rows[0])).toEqual({ ...expected, 'Contact Phone Number': '2095257564' });
    });
  });

  it('papaparse utf-8-bom-sample: the BOM does not reach the first header', async () => {
    const input = file('papaparse/utf-8-bom-sample.csv');
    expect((await discover(input)).columns.map((c) => c.key)).toEqual(['A', 'B', 'C']);
    expect((await readRows(input)).map(plain)).toEqual([{ A: 'X', B: 'Y', C: 'Z' }]);
  });

  it.each(['365-utf16le-bom-windows.csv', '365-utf8-bom-windows.csv'])('node-csv %s reads [a,b,c] / [1,2,3]', async (name) => {
    const input = file('node-csv', name);
    expect((await discover(input)).details).toMatchObject({ encoding: name.includes('utf16le') ? 'utf-16le' : 'utf-8', delimiter: ',' });
    const rows = await readRows(input);
    expect(rows.map((row) => [row.at.row, plain(row)])).toEqual([[2, { a: '1', b: '2', c: '3' }]]);
  });

  it('node-csv 327.cws: Latin-1 bytes are detected and decoded', async () => {
    const input = file('node-csv/327.cws.csv');
    expect((await discover(input)).details).toMatchObject({ encoding: 'windows-1252' });
    expect((await readRows(input)).map(plain)).toEqual([{ field1: 'Acentuação1', field2: 'acentuação2' }]);
  });

  it('node-csv 411: the second data row (row 3) has one extra cell, empty, so it is accepted as a trailing delimiter', async () => {
    const rows = await readRows(file('node-csv/411.csv'));
    expect(rows.map((row) => [row.at.row, row.values.id, row.issues])).toEqual([
      [2, '1', []],
      [3, '2', []],
      [4, '3', []],
    ]);
    expect(plain(rows[1])).toEqual({ id: '2', first_name: 'Kylie', last_name: 'Lauderdale', email: 'klauderdale1@wsj.com', modified_at: '2022-02-14' });
  });

  it('node-csv 399: an empty quoted header becomes "Column A" with a warning', async () => {
    const input = file('node-csv/399.csv');
    const stream = await discover(input);
    expect(stream.columns).toEqual([{ key: 'Column A', header: '', index: 0 }]);
    expect(stream.issues).toEqual([expect.objectContaining({ row: 1, code: 'blank_header', severity: 'warning' })]);
    expect((await readRows(input)).map(plain)).toEqual([{ 'Column A': 'value' }]);
  });

  it('papaparse duplicate-headers: 148 columns read without error, repeated names made unique', async () => {
    const input = file('papaparse/duplicate-headers.csv');
    const stream = await discover(input);
    const keys = stream.columns.map((c) => c.key);
    expect(keys).toHaveLength(148);
    expect(new Set(keys).size).toBe(148);
    expect(keys.filter((key) => key.startsWith('12'))).toEqual(['12', '12 (2)', '12 (3)', '12 (4)', '12 (5)']);
    expect(stream.issues!.every((issue) => issue.code === 'duplicate_header' && issue.row === 1)).toBe(true);
    expect(stream.issues).toHaveLength(4 * 27);
    const rows = await readRows(input);
    expect(rows).toHaveLength(557);
    expect(rows.flatMap((row) => row.issues)).toEqual([]);
    expect(rows[0].values).toMatchObject({ ID: '113', Name: 'R Sanchez', '12': '87.80904762' });
  });

  it('papaparse sjis-sample: Shift-JIS when configured (a header only, so read without a header row)', async () => {
    const input = file('papaparse/sjis-sample.csv');
    const rows = await readRows(input, { encoding: 'shift_jis', header: false });
    expect(rows.map(plain)).toEqual([{ column_1: 'コントロールカラム', column_2: '商品管理番号（商品URL）' }]);
    const asHeader = csvSource.discover(csvConfig({ encoding: 'shift_jis' }), { input });
    await expect(asHeader).rejects.toThrow(FatalRunError);
    await expect(asHeader).rejects.toMatchObject({ code: 'no_rows' });
  });

  it('sheetjs crlf.csv: line breaks inside quoted cells stay in their row', async () => {
    const rows = await readRows(file('sheetjs-test_files/crlf/crlf.csv'), { header: false });
    expect(rows.map((row) => [row.at.row, plain(row)])).toEqual([
      [1, { column_1: 'Normal', column_2: 'abc\ndef' }],
      [2, { column_1: 'Formula', column_2: 'abc\r\ndef' }],
      [3, { column_1: 'Test', column_2: '' }],
    ]);
  });

  it('papaparse verylong-sample: every line is read, the short ones rejected', async () => {
    const rows = await readRows(file('papaparse/verylong-sample.csv'));
    expect(rows).toHaveLength(2000);
    expect(rows[2]).toMatchObject({ at: { row: 4 }, values: { placeholder: 'Lorem ipsum dolor sit', 'meaning of life': '42', TLD: 'ABC' } });
    // Every 500th line has two cells where the header has three.
    const rejected = rows.filter((row) => row.issues.length > 0);
    expect(rejected.map((row) => [row.at.row, row.issues.map((issue) => issue.code)])).toEqual(
      [500, 1000, 1500, 2000].map((row) => [row, ['ragged_row']]),
    );
  });
});
