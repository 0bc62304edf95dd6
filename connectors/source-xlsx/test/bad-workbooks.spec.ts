import { constants, deflateRawSync } from 'node:zlib';
import { FatalRunError, type SourceInput } from '@ferry/sdk';
import { columnLetter } from '../../source-csv/header-columns';
import { discover, excelWorkbook, input, rawWorkbook, readRows, row, text } from './workbooks';
import { zip } from './zip-writer';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const people = () => excelWorkbook((wb) => {
  const ws = wb.addWorksheet('People');
  ws.addRow(['Email', 'Name']);
  for (let i = 0; i < 200; i++) ws.addRow([`p${i}@example.com`, `Person ${i}`]);
});

/** Both discover and read refuse the input with this code, and read gives no row first. */
async function refused(source: SourceInput, code: string, config: Record<string, unknown> = {}): Promise<FatalRunError> {
  const error = await discover(source, config).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FatalRunError);
  expect(error).toMatchObject({ code });
  await expect(readRows(source, config)).rejects.toMatchObject({ code });
  return error as FatalRunError;
}

/** A deflate stream of `prefix` then `blocks` MB of spaces, built from one compressed block repeated. */
function spacesBomb(prefix: string, blocks: number): { bytes: Buffer; size: number } {
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const block = Buffer.alloc(1 << 20, 0x20);
  const packedBlock = deflateRawSync(block, flush);
  const parts = [deflateRawSync(Buffer.from(prefix), flush), ...Array.from({ length: blocks }, () => packedBlock), Buffer.from([0x03, 0x00])];
  return { bytes: Buffer.concat(parts), size: Buffer.byteLength(prefix) + blocks * block.length };
}

describe('xlsx source: workbooks it refuses, before anything is written', () => {
  it('a truncated workbook', async () => {
    const data = await people();
    for (const cut of [Math.floor(data.length / 2), data.length - 10]) {
      const error = await refused(input(data.subarray(0, cut)), 'corrupt_xlsx');
      expect(error.message).toMatch(/cut short.*save it as Excel Workbook \(\.xlsx\) or CSV/);
    }
  });

  it('damaged contents: a checksum that does not match, bytes that do not inflate', async () => {
    const sheet = `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${row(1, text('A1', 'Email'))}${row(2, text('A2', 'ada@example.com'))}</sheetData></worksheet>`;
    const stored = rawWorkbook({ sheets: [{ name: 'S', rows: '' }], files: [{ name: 'xl/worksheets/sheet1.xml', data: sheet, store: true }] });
    const flipped = Buffer.from(stored);
    flipped.write('bda', flipped.indexOf('ada@example.com'), 'latin1');
    expect((await refused(input(flipped), 'corrupt_xlsx')).message).toContain('xl/worksheets/sheet1.xml" does not match its checksum');

    const garbage = rawWorkbook({ sheets: [{ name: 'S', rows: '' }], files: [{ name: 'xl/worksheets/sheet1.xml', data: '', deflated: { bytes: Buffer.from([0xff, 0xff, 0xff, 0x00, 0x01]), size: 100, crc: 0 } }] });
    expect((await refused(input(garbage), 'corrupt_xlsx')).message).toContain('cannot be unpacked');
  });

  it('invalid XML, even far down a sheet: found by discover, so no row is ever read', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => row(i + 2, text(`A${i + 2}`, `p${i}@example.com`))).join('');
    const broken = rawWorkbook({ sheets: [{ name: 'S', rows: row(1, text('A1', 'Email')) + rows + '<row r="2002"><c r="A2002"><v>1</c></row>' }] });
    const error = await discover(input(broken)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_xml', details: { part: 'xl/worksheets/sheet1.xml' } });
    expect((error as Error).message).toMatch(/is not valid XML \(.+\)\. Open it in Excel/);

    const unclosed = rawWorkbook({ sheets: [{ name: 'S', rows: '', xml: `<worksheet xmlns="${MAIN}"><sheetData>${row(1, text('A1', 'Email'))}${row(2, text('A2', 'x'))}` }] });
    await refused(input(unclosed), 'invalid_xml');
    const strings = rawWorkbook({ sheets: [{ name: 'S', rows: row(1, text('A1', 'x')) }], files: [{ name: 'xl/sharedStrings.xml', data: '<sst><si><t>a</si></sst>' }] });
    await refused(input(strings), 'invalid_xml');
  });

  it('a cell that points past the shared strings table', async () => {
    const data = rawWorkbook({ sheets: [{ name: 'S', rows: row(1, text('A1', 'Email')) + row(2, `<c r="A2" t="s"><v>7</v></c>`) }], sharedStrings: ['a'] });
    expect((await refused(input(data), 'corrupt_xlsx')).message).toContain('in sheet "S", a cell on row 2 refers to shared text number 7, but the workbook holds 1');
  });

  it('a legacy .xls (or a password-protected workbook), saying to save it as .xlsx or .csv', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]);
    const error = await refused(input(xls, 'people.xls'), 'legacy_xls');
    expect(error.message).toBe(
      '"people.xls" is an Excel 97-2003 workbook (.xls) or a password-protected workbook, which Ferry cannot read. Remove any password, then open it in Excel (or LibreOffice), save it as Excel Workbook (.xlsx) or CSV UTF-8 (.csv), and import that file.',
    );
  });

  it.each([
    ['CSV text', Buffer.from('email,name\nada@example.com,Ada\n'), /looks like text, perhaps a CSV file/],
    ['a PDF', Buffer.from('%PDF-1.7\n...'), /a PDF document/],
    ['a Word document', zip([{ name: '_rels/.rels', data: '<Relationships/>' }, { name: 'word/document.xml', data: '<w/>' }]), /a Word document/],
    ['an OpenDocument spreadsheet', zip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true }, { name: 'content.xml', data: '<x/>' }]), /OpenDocument/],
  ])('%s', async (_what, data, why) => {
    expect((await refused(input(data), 'not_xlsx')).message).toMatch(why);
  });

  it('an empty file', async () => {
    await refused(input(Buffer.alloc(0)), 'empty_file');
  });

  it('a workbook missing its workbook part or a sheet part', async () => {
    const noWorkbook = zip([{ name: 'xl/worksheets/sheet1.xml', data: '<worksheet/>' }]);
    expect((await refused(input(noWorkbook), 'corrupt_xlsx')).message).toContain('workbook part (xl/workbook.xml) is missing');
    const full = rawWorkbook({ sheets: [{ name: 'S', rows: row(1, text('A1', 'x')) }] });
    const renamed = Buffer.from(full.toString('latin1').replace(/xl\/worksheets\/sheet1\.xml/g, 'xl/worksheets/sheetX.xml'), 'latin1');
    expect((await refused(input(renamed), 'corrupt_xlsx')).message).toContain('the part of sheet "S" (xl/worksheets/sheet1.xml) is missing');
  });

  describe('zip bombs', () => {
    const prefix = `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${row(1, text('A1', 'Email'))}`;

    it('one that declares it unpacks past the cap (1 GB by default) is refused before anything is inflated', async () => {
      const bomb = spacesBomb(prefix, 1100);
      const data = rawWorkbook({ sheets: [{ name: 'S', rows: '' }], files: [{ name: 'xl/worksheets/sheet1.xml', data: '', deflated: { ...bomb, crc: 0 } }] });
      expect(data.length).toBeLessThan(2_000_000);
      const error = await refused(input(data), 'too_large');
      expect(error.message).toMatch(/unpacks to more than 1 GB.*zip bomb.*maxUncompressedBytes/);
    });

    it('one that lies about its size is stopped as soon as it inflates past what it declared', async () => {
      const bomb = spacesBomb(prefix, 1100);
      const data = rawWorkbook({ sheets: [{ name: 'S', rows: '' }], files: [{ name: 'xl/worksheets/sheet1.xml', data: '', deflated: { ...bomb, size: 10_000, crc: 0 } }] });
      const started = Date.now();
      expect((await refused(input(data), 'corrupt_xlsx')).message).toContain('unpacks to more than its declared size');
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('maxUncompressedBytes sets the cap', async () => {
      const bomb = spacesBomb(prefix, 20);
      const data = rawWorkbook({ sheets: [{ name: 'S', rows: '' }], files: [{ name: 'xl/worksheets/sheet1.xml', data: '', deflated: { ...bomb, crc: 0 } }] });
      expect((await refused(input(data), 'too_large', { maxUncompressedBytes: 5_000_000 })).message).toContain('more than 4.8 MB');
    });

    it('entries that share their bytes (overlapping files) are refused', async () => {
      const data = zip([{ name: 'a.xml', data: 'a'.repeat(1000) }, { name: 'b.xml', data: 'b'.repeat(1000) }]);
      const directory = data.readUInt32LE(data.length - 6);
      const second = data.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), directory + 46);
      data.writeUInt32LE(0, second + 42);
      expect((await refused(input(data), 'corrupt_xlsx')).message).toContain('overlap');
    });
  });

  describe('columns', () => {
    const wide = (count: number, at = 1) => row(at, ...Array.from({ length: count }, (_, i) => text(`${columnLetter(i)}${at}`, `h${i}`)));

    it('a sheet with 16,385 columns is refused', async () => {
      const data = rawWorkbook({ sheets: [{ name: 'Wide', rows: wide(16_385) + row(2, text('A2', 'x')) }] });
      const error = await refused(input(data), 'too_many_columns');
      expect(error.message).toContain('Sheet "Wide" of "people.xlsx" has a cell on row 1 beyond column 16,384 (XFD)');
    });

    it('so is a cell past XFD far down the sheet, found before any row is read', async () => {
      const rows = Array.from({ length: 1500 }, (_, i) => row(i + 2, text(`A${i + 2}`, 'x'))).join('');
      const data = rawWorkbook({ sheets: [{ name: 'S', rows: row(1, text('A1', 'Email')) + rows + row(1502, text('XFE1502', 'far')) }] });
      await expect(discover(input(data))).rejects.toMatchObject({ code: 'too_many_columns', details: { row: 1502 } });
    });

    it('16,384 columns, the most Excel has, are read', async () => {
      const data = rawWorkbook({ sheets: [{ name: 'S', rows: wide(16_384) + row(2, text('XFD2', 'last')) }] });
      const [stream] = await discover(input(data));
      expect(stream.columns).toHaveLength(16_384);
      const [first] = await readRows(input(data));
      expect(first.values.h16383).toBe('last');
    });
  });
});
