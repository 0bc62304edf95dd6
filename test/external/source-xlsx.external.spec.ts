import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { fileInput, resolveConfig, type Row, type SourceInput, type StreamInfo } from '@ferry/sdk';
import { xlsxSource } from '@ferry/connectors/source-xlsx';
import type { XlsxConfig } from '@ferry/connectors/source-xlsx';
import { openTable } from '@ferry/connectors/source-xlsx/sheet-table';
import { openWorkbook, readSheets } from '@ferry/connectors/source-xlsx/workbook';

// Workbooks written outside this project; see SOURCES.md there. Read in place, never copied.
const EXTERNAL = path.resolve(__dirname, '../../../shared/fixtures/external');
const SHEETJS = path.join(EXTERNAL, 'sheetjs-test_files');
const EXCELJS = path.join(EXTERNAL, 'exceljs');
const file = (...parts: string[]) => fileInput(path.join(...parts));
const config = (raw: Record<string, unknown> = {}) => resolveConfig<XlsxConfig>(xlsxSource, raw);

const discover = (input: SourceInput, raw: Record<string, unknown> = {}): Promise<StreamInfo[]> => xlsxSource.discover(config(raw), { input });
async function readRows(input: SourceInput, raw: Record<string, unknown> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of xlsxSource.read(config(raw), { input })) rows.push(row);
  return rows;
}

type Grid = [row: number, cells: string[]][];

/** A sheet as Excel's CSV export shows it: numbered non-empty lines, trailing empty cells dropped. */
function csvGrid(csvPath: string): Grid {
  const records = parse(readFileSync(csvPath), { bom: true, relax_column_count: true }) as string[][];
  return records.map((cells, i): [number, string[]] => [i + 1, trimEnd(cells)]).filter(([, cells]) => cells.length > 0);
}

/**
 * The same from Ferry: the header row, then every row, cells in column order;
 * cells right of the header are not imported but warned about with their
 * values, so they are put back from the warning.
 */
async function ferryGrid(input: SourceInput, sheet: string): Promise<Grid> {
  const [stream] = await discover(input, { sheets: [sheet] });
  const header: [number, string[]] = [stream.details!.headerRow as number, trimEnd(stream.columns.map((column) => column.header))];
  const rows = await readRows(input, { sheets: [sheet] });
  const keys = stream.columns.map((column) => column.key);
  return [
    header,
    ...rows.map((row): [number, string[]] => {
      const cells = keys.map((key) => String(row.values[key]));
      const extra = row.issues.find((issue) => issue.code === 'cell_without_header');
      return [row.at.row, trimEnd(extra ? [...cells, ...beyondHeader(extra.message, extra.value!, keys.length)] : cells)];
    }),
  ];
}

/** Cells named in a `cell_without_header` warning ("Cells H40, K40 are ..."), placed at their columns. */
function beyondHeader(message: string, value: string, width: number): string[] {
  const refs = /^Cells? ([A-Z]+\d+(?:, [A-Z]+\d+)*) /.exec(message)![1].split(', ');
  const values = value.split(', ');
  const cells: string[] = [];
  refs.forEach((ref, i) => {
    const letters = /^[A-Z]+/.exec(ref)![0];
    const column = [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
    while (cells.length < column - width) cells.push('');
    cells.push(values[i]);
  });
  return cells;
}

/** The header cells of a workbook's first sheet: a one-row sheet has no rows to read them from. */
async function headerOfFirstSheet(input: SourceInput): Promise<string[] | undefined> {
  const workbook = await openWorkbook(input, config().maxUncompressedBytes);
  for await (const stream of readSheets(workbook, workbook.sheets.slice(0, 1))) {
    return (await openTable(stream, undefined, input.label))?.header.columns.map((column) => column.header);
  }
  return undefined;
}

function trimEnd(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

/** CAVEAT: Excel for Mac 2011 wrote line breaks inside cells as CR; XML reads a stored CRLF as LF. */
const sameBreaks = (grid: Grid): Grid => grid.map(([row, cells]) => [row, cells.map((cell) => cell.replace(/\r\n?/g, '\n'))]);

describe('xlsx source on external workbooks', () => {
  describe('sheetjs test_files: the same values as the CSVs Excel exported (2011/)', () => {
    it('mixed_sheets.xlsx: three sheets of different shapes, in the order .sheetnames gives', async () => {
      const input = file(SHEETJS, 'mixed_sheets.xlsx');
      const names = readFileSync(path.join(SHEETJS, '2011/mixed_sheets.xlsx.sheetnames'), 'utf8').split(/\r?\n/).filter(Boolean);
      expect((await discover(input)).map((s) => s.name)).toEqual(names);
      for (const [n, name] of names.entries()) {
        let expected = sameBreaks(csvGrid(path.join(SHEETJS, `2011/mixed_sheets.xlsx.${n}.csv`)));
        // CAVEAT: the export's last line (",survey") has no counterpart in the workbook, whose row 3 holds one empty styled cell.
        if (name === 'settings') expected = expected.filter(([row]) => row !== 3);
        expect([name, await ferryGrid(input, name)]).toEqual([name, expected]);
      }
    });

    it('issue.xlsx: merged cells and empty columns shift nothing', async () => {
      const input = file(SHEETJS, 'issue.xlsx');
      const grid = await ferryGrid(input, 'test');
      expect(grid).toEqual(csvGrid(path.join(SHEETJS, '2011/issue.xlsx.0.csv')));
      // The part list under the table has cells right of its last header: imported rows say so.
      expect(grid.filter(([, cells]) => cells.length > 16).map(([row]) => row)).toEqual([40, 42, 43]);
    });

    it('interview.xlsx: long free text with commas and quotes, both sheets', async () => {
      const input = file(SHEETJS, 'interview.xlsx');
      const names = (await discover(input)).map((s) => s.name);
      expect(names).toEqual(['interview', 'tags']);
      for (const [n, name] of names.entries()) {
        expect([name, await ferryGrid(input, name)]).toEqual([name, sameBreaks(csvGrid(path.join(SHEETJS, `2011/interview.xlsx.${n}.csv`)))]);
      }
    });

    it('sushi.xlsx: an emoji outside the BMP (its only cell: a header with no rows below)', async () => {
      const input = file(SHEETJS, 'sushi.xlsx');
      expect(await headerOfFirstSheet(input)).toEqual(csvGrid(path.join(SHEETJS, 'sushi.xlsx.0.csv'))[0][1]);
      await expect(discover(input)).rejects.toMatchObject({ code: 'no_rows', message: expect.stringContaining('"Sheet1"') });
    });

    it('crlf.xlsx: line breaks inside cells, LF typed and CRLF from a formula, as in crlf.csv', async () => {
      const input = file(SHEETJS, 'crlf/crlf.xlsx');
      expect(await ferryGrid(input, 'Sheet1')).toEqual(csvGrid(path.join(SHEETJS, 'crlf/crlf.csv')));
    });

    it('DataTypesFormats.xlsx: date-formatted numbers are dates; other formats leave the number', async () => {
      const input = file(SHEETJS, 'DataTypesFormats.xlsx');
      expect(await ferryGrid(input, 'Sheet1')).toEqual([
        [1, ['Date', '2020-07-23']],
        [2, ['Date Time', '2020-07-23T09:00:00']],
        [3, ['Currency', '123']],
        [4, ['Percentage', '0.9876']],
        [5, ['Fixed Decimal', '456']],
        [6, ['Thousands Separator', '7890']],
      ]);
    });

    it('xlsx-stream-d-date-cell.xlsx: t="d" dates, inline strings, entities, booleans, formats from a non-Excel writer', async () => {
      const input = file(SHEETJS, 'xlsx-stream-d-date-cell.xlsx');
      const grid = new Map((await ferryGrid(input, 'Sheet1')).map(([row, cells]) => [cells[0], [row, cells.slice(1)]]));
      expect(Object.fromEntries(grid)).toEqual({
        String: [1, ['てすと', `&'";<>`, '&amp;']],
        Integer: [2, ['1', '2', '-3']],
        Float: [3, ['1.5', '0.3', '1.23456789e+22']],
        Boolean: [4, ['TRUE', 'FALSE']],
        Date: [5, ['2014-02-14T08:27:48']],
        '2 Decimals Built-in format #2': [6, ['1.5']],
        'Time Built-in format #18': [7, ['12:00:00']],
        'Percentage Built-in format #9': [8, ['0.5']],
        'Percentage Custom format': [9, ['0.5']],
        'Duration 36 hours format #46': [10, ['36:00:00']],
        Formula: [11, ['String1']],
        'A simple comment': [12, ['cell with comment']],
        'A full comment': [13, ['cell with comment']],
      });
    });

    it('large_strings.xlsx: 17.7k shared strings, long cells and formula results over three sheets', async () => {
      const input = file(SHEETJS, 'large_strings.xlsx');
      const streams = await discover(input);
      expect(streams.map((s) => [s.name, s.details!.lastRow])).toEqual([
        ['Large Strings', 9999],
        ['Simple', 26],
        ['longwordslist', 17619],
      ]);
      const rows = await readRows(input);
      const bySheet = (name: string) => rows.filter((row) => row.at.sheet === name);
      expect([bySheet('Large Strings').length, bySheet('Simple').length, bySheet('longwordslist').length]).toEqual([9998, 25, 17618]);
      const last = bySheet('Large Strings').at(-1)!;
      expect(last.at.row).toBe(9999);
      // Column A's formula adds an "a" per row: row 9999 holds 9,999 of them.
      expect(Object.values(last.values)[0]).toBe('a'.repeat(9999));
      expect(rows.every((row) => row.issues.length === 0)).toBe(true);
    });
  });

  describe('exceljs spec data: the documented values, or a clear refusal', () => {
    it('dateIssue.xlsx (LibreOffice): A2 is 2020-11-20', async () => {
      const rows = await readRows(file(EXCELJS, 'dateIssue.xlsx'));
      expect(rows.map((row) => [row.at.row, { ...row.values }])).toEqual([[2, { Date: '2020-11-20' }]]);
    });

    it('test-issue-1575.xlsx: inline strings without a dimension read as written', async () => {
      const rows = await readRows(file(EXCELJS, 'test-issue-1575.xlsx'));
      expect(rows.map((row) => [row.at.row, { ...row.values }])).toEqual([
        [2, { A: '1.0', B: '2.0', C: '3.0' }],
        [3, { A: '4.0', B: '5.0', C: '6.0' }],
      ]);
    });

    it('shared_string_with_escape.xlsx: the shared string "_x005F_x000D_" is the text "_x000D_"', async () => {
      const input = file(EXCELJS, 'shared_string_with_escape.xlsx');
      expect(await headerOfFirstSheet(input)).toEqual(['_x000D_']);
      await expect(readRows(input)).rejects.toMatchObject({ code: 'no_rows' });
    });

    it('many-columns.xlsx: 20 shared-string cells in row 2, under a header of 12', async () => {
      const input = file(EXCELJS, 'many-columns.xlsx');
      const [row] = await readRows(input);
      expect(Object.values(row.values)).toEqual(['but', 'the', 'really', 'really', 'funny', 'thing', 'is', 'that', 'it', 'has', 'even', 'more']);
      expect(row.issues).toEqual([expect.objectContaining({ code: 'cell_without_header', row: 2, column: 'Column M', value: 'in, the, second, row, bla, bla, bla, bla' })]);
      await expect(discover(input, { headerRow: 2 })).rejects.toMatchObject({ code: 'no_rows' });
    });

    it('missing-bits.xlsx: a package without its workbook part is refused as damaged', async () => {
      const input = file(EXCELJS, 'missing-bits.xlsx');
      await expect(discover(input)).rejects.toMatchObject({ code: 'corrupt_xlsx', message: expect.stringContaining('workbook part (xl/workbook.xml) is missing') });
      await expect(readRows(input)).rejects.toMatchObject({ code: 'corrupt_xlsx' });
    });

    it('invalid-xml.xlsx: a worksheet that is not XML is refused, naming the part', async () => {
      const input = file(EXCELJS, 'invalid-xml.xlsx');
      await expect(discover(input)).rejects.toMatchObject({ code: 'invalid_xml', details: { part: 'xl/worksheets/sheet1.xml' } });
      await expect(readRows(input)).rejects.toMatchObject({ code: 'invalid_xml' });
    });

    it('test-pr-1220.xlsx: the Dutch list after an empty first sheet (341 rows × 25 columns)', async () => {
      const input = file(EXCELJS, 'test-pr-1220.xlsx');
      const streams = await discover(input);
      expect(streams.map((s) => [s.name, s.details!.read, s.columns.length])).toEqual([
        ['KA lijst', true, 25],
        ['Sheet', false, 0],
      ]);
      expect(streams[0].issues).toEqual([expect.objectContaining({ code: 'empty_sheet', sheet: 'Sheet' })]);
      const rows = await readRows(input);
      expect(rows).toHaveLength(340);
      expect(rows.at(-1)!.at).toEqual({ file: 'test-pr-1220.xlsx', sheet: 'KA lijst', row: 341 });
      expect(rows[0].values).toMatchObject({ AP: 'AP1', Status: 'Aangesloten', TotalFiberLength: '48.60' });
    });

    it('test-issue-877.xlsx: five sheets named with ü and ß; its only visible sheet has no values', async () => {
      const input = file(EXCELJS, 'test-issue-877.xlsx');
      const error = await discover(input).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'empty_file', message: expect.stringContaining('"Leiterprüfung"') });
      const streams = await discover(input, { sheets: ['Leiterprüfung', 'Schweißgerät'] });
      expect(streams.map((s) => s.name)).toEqual(['Leiterprüfung', 'Schweißgerät', 'Handlungsanweisung', 'Ersatzteilliste', 'Feststellanlagen']);
      const rows = await readRows(input, { sheets: ['Leiterprüfung', 'Schweißgerät'] });
      expect(new Set(rows.map((row) => row.at.sheet))).toEqual(new Set(['Leiterprüfung', 'Schweißgerät']));
    });

    it('1519293514-KRISHNAPATNAM_LINE_UP.xlsx: a title above the table, more rows than its dimension, an empty second sheet', async () => {
      const input = file(EXCELJS, '1519293514-KRISHNAPATNAM_LINE_UP.xlsx');
      const streams = await discover(input);
      expect(streams.map((s) => [s.name, s.details!.read])).toEqual([
        ['KRISHNAPATNAM', true],
        ['Sheet1', false],
      ]);
      expect(streams[0].details!.lastRow).toBeGreaterThan(253);
      const rows = await readRows(input);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row, i) => i === 0 || row.at.row > rows[i - 1].at.row)).toBe(true);
    });

    it.each(['test-issue-623.xlsx'])('%s: a merged range with no value anywhere is a workbook with no data', async (name) => {
      await expect(discover(file(EXCELJS, name))).rejects.toMatchObject({ code: 'empty_file' });
    });

    it('test-issue-176.xlsx (LibreOffice, row-only dimension, an unexpected node) and test-issue-163.xlsx (no dimension) just open', async () => {
      expect((await readRows(file(EXCELJS, 'test-issue-176.xlsx'))).map((row) => ({ ...row.values }))).toEqual([
        { Name: 'First', Rating: '' },
        { Name: 'Second', Rating: '' },
        { Name: 'Third', Rating: '2' },
      ]);
      expect((await readRows(file(EXCELJS, 'test-issue-163.xlsx'))).map((row) => [row.at.row, { ...row.values }])).toEqual([
        [2, { 1: '2' }],
        [3, { 1: '3' }],
      ]);
    });
  });
});
