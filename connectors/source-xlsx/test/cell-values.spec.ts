import { kindOfCode } from '../number-formats';
import { numberText, serialText } from '../cell-text';
import { excelWorkbook, input, num, plain, rawWorkbook, readRows, row, text } from './workbooks';

const header = row(1, text('A1', 'v'));
const values = async (rows: string, book: Partial<Parameters<typeof rawWorkbook>[0]> = {}) =>
  (await readRows(input(rawWorkbook({ sheets: [{ name: 'S', rows: header + rows }], ...book })))).map((r) => r.values.v);

describe('xlsx cell values', () => {
  it('gives dates as ISO text: date-formatted numbers, built-in and custom formats, with time when there is one', async () => {
    const styles = [{ numFmtId: 14 }, { numFmtId: 22 }, { numFmtId: 164, formatCode: 'dd"."mm"."yyyy;@' }, { numFmtId: 165, formatCode: '[$-F400]h:mm:ss\\ AM/PM' }, { numFmtId: 46 }, { numFmtId: 10 }];
    const cells = [num('A2', 45310, 1), num('A3', 45310.5, 2), num('A4', 45310.000001, 3), num('A5', 0.75, 4), num('A6', 1.5, 5), num('A7', 0.9876, 6), num('A8', 1, 1), num('A9', 61, 1)];
    expect(await values(cells.map((c, i) => row(i + 2, c)).join(''), { styles })).toEqual([
      '2024-01-19',
      '2024-01-19T12:00:00',
      '2024-01-19',
      '18:00:00',
      '36:00:00',
      '0.9876',
      '1900-01-01',
      '1900-03-01',
    ]);
  });

  it('counts from 1904 in a workbook that uses the 1904 date system', async () => {
    expect(await values(row(2, num('A2', 0, 1)) + row(3, num('A3', 43849, 1)), { styles: [{ numFmtId: 14 }], date1904: true })).toEqual(['1904-01-01', '2024-01-20']);
  });

  it('reads dates exceljs writes, and ISO dates some tools store as text cells (t="d")', async () => {
    const data = await excelWorkbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['v']);
      ws.addRow([new Date(Date.UTC(2021, 2, 4))]);
      ws.addRow([new Date(Date.UTC(2021, 2, 4, 9, 30, 15))]);
    });
    expect((await readRows(input(data))).map((r) => r.values.v)).toEqual(['2021-03-04', '2021-03-04T09:30:15']);
    expect(await values(row(2, `<c r="A2" t="d"><v>2014-02-14T08:27:48.765Z</v></c>`) + row(3, `<c r="A3" t="d"><v>2014-02-14</v></c>`))).toEqual(['2014-02-14T08:27:48', '2014-02-14']);
  });

  it('gives rich text, hyperlinks and formula results as their text, never the formula', async () => {
    const data = await excelWorkbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['v']);
      ws.addRow([{ richText: [{ text: 'bold ', font: { bold: true } }, { text: 'rest' }] }]);
      ws.addRow([{ text: 'Ferry site', hyperlink: 'https://example.com' }]);
      ws.addRow([{ formula: 'A1&"x"', result: 'vx' }]);
      ws.addRow([{ formula: '1+1', result: 2 }]);
      ws.addRow(['=HYPERLINK("http://evil")']);
    });
    expect((await readRows(input(data))).map((r) => r.values.v)).toEqual(['bold rest', 'Ferry site', 'vx', '2', '=HYPERLINK("http://evil")']);
  });

  it('reads shared and inline strings alike, rich-text runs joined, phonetic guides and escapes handled', async () => {
    const sharedStrings = ['plain', '<r><t>in </t></r><r><rPr><b/></rPr><t>runs</t></r>', '<t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh>', 'line_x000D_break', '_x005F_x000D_'];
    const cells = [0, 1, 2, 3, 4].map((i) => row(i + 2, `<c r="A${i + 2}" t="s"><v>${i}</v></c>`));
    const inline = row(7, `<c r="A7" t="inlineStr"><is><r><t>in</t></r><r><t xml:space="preserve"> line</t></r></is></c>`) + row(8, `<c r="A8" t="str"><f>A7</f><v>formula text</v></c>`);
    expect(await values(cells.join('') + inline, { sharedStrings })).toEqual(['plain', 'in runs', '漢字', 'line\rbreak', '_x000D_', 'in line', 'formula text']);
  });

  it('gives numbers as Excel shows them, booleans as TRUE/FALSE and errors as their code', async () => {
    const cells = [num('A2', '0.30000000000000004'), num('A3', 447700900123), num('A4', '1.23456789E+22'), `<c r="A5" t="b"><v>1</v></c>`, `<c r="A6" t="b"><v>0</v></c>`, `<c r="A7" t="e"><v>#N/A</v></c>`, num('A8', -0.5)];
    expect(await values(cells.map((c, i) => row(i + 2, c)).join(''))).toEqual(['0.3', '447700900123', '1.23456789e+22', 'TRUE', 'FALSE', '#N/A', '-0.5']);
  });

  it('reads cells whose elements carry a namespace prefix', async () => {
    const xml = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>v</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    expect(plain(await readRows(input(rawWorkbook({ sheets: [{ name: 'S', rows: '', xml }] }))))).toEqual([['S', 2, { v: '7' }]]);
  });
});

describe('number formats and serial dates', () => {
  it.each([
    ['General', 'number'],
    ['0.00%', 'number'],
    ['#,##0.00 [$€-407]', 'number'],
    ['0.00E+00', 'number'],
    ['"day "0', 'number'],
    ['yyyy-mm-dd', 'date'],
    ['d/m/yy h:mm', 'date'],
    ['mmm', 'date'],
    ['h:mm AM/PM', 'time'],
    ['mm:ss', 'time'],
    ['[h]:mm', 'duration'],
    ['[Red][<0]0;yyyy', 'number'],
    ['[$-409]mmmm d, yyyy;@', 'date'],
  ])('%s is a %s format', (code, kind) => {
    expect(kindOfCode(code)).toBe(kind);
  });

  it('rounds to the second, leaves values no date can have as numbers', () => {
    expect(serialText(45310.99999999, 'date', false)).toBe('2024-01-20');
    expect(serialText(-1, 'date', false)).toBe('-1');
    expect(serialText(3e6, 'date', false)).toBe('3000000');
    expect(serialText(2958465, 'date', false)).toBe('9999-12-31');
    expect(numberText(Number.NaN)).toBe('');
  });
});
