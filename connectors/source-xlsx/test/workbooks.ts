import ExcelJS from 'exceljs';
import { bufferInput, resolveConfig, type Row, type SourceInput, type StreamInfo } from '@ferry/sdk';
import { xlsxSource } from '..';
import type { XlsxConfig } from '../xlsx.config';
import { zip, type ZipFile } from './zip-writer';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface RawSheet {
  name: string;
  /** The inside of `<sheetData>`. */
  rows: string;
  state?: 'hidden' | 'veryHidden';
  /** The whole worksheet part, when the test needs it broken. */
  xml?: string;
}

export interface RawWorkbook {
  sheets: RawSheet[];
  sharedStrings?: string[];
  /** numFmtId of each cell style (`s` = index); styles 0 is General. */
  styles?: { numFmtId: number; formatCode?: string }[];
  date1904?: boolean;
  /** Extra files, or replacements by name. */
  files?: ZipFile[];
}

/** A workbook written part by part, for what Excel-made files do and exceljs never writes. */
export function rawWorkbook(book: RawWorkbook): Buffer {
  const sheets = book.sheets.map((sheet, i) => ({ ...sheet, path: `xl/worksheets/sheet${i + 1}.xml`, id: `rId${i + 1}` }));
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const styles = book.styles ?? [];
  const custom = styles.filter((s) => s.formatCode);
  const files: ZipFile[] = [
    { name: '[Content_Types].xml', data: `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>` },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${book.date1904 ? ' date1904="1"' : ''}/><sheets>` +
        sheets.map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="${s.id}"/>`).join('') +
        `</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        sheets.map((s) => `<Relationship Id="${s.id}" Type="${REL}/worksheet" Target="worksheets/${s.path.split('/').pop()}"/>`).join('') +
        `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdY" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    },
    ...sheets.map((s) => ({ name: s.path, data: s.xml ?? `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${s.rows}</sheetData></worksheet>` })),
    {
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0"?><sst xmlns="${MAIN}">${(book.sharedStrings ?? []).map((s) => (s.startsWith('<') ? `<si>${s}</si>` : `<si><t>${escape(s)}</t></si>`)).join('')}</sst>`,
    },
    {
      name: 'xl/styles.xml',
      data:
        `<?xml version="1.0"?><styleSheet xmlns="${MAIN}"><numFmts>${custom.map((s) => `<numFmt numFmtId="${s.numFmtId}" formatCode="${escape(s.formatCode!)}"/>`).join('')}</numFmts>` +
        `<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/>${styles.map((s) => `<xf numFmtId="${s.numFmtId}" applyNumberFormat="1"><alignment/></xf>`).join('')}</cellXfs></styleSheet>`,
    },
  ];
  for (const extra of book.files ?? []) {
    const at = files.findIndex((f) => f.name === extra.name);
    if (at >= 0) files[at] = extra;
    else files.push(extra);
  }
  return zip(files);
}

/** A workbook written by exceljs, as an admin's spreadsheet program would. */
export async function excelWorkbook(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const input = (data: Buffer, label = 'people.xlsx', chunkSize?: number): SourceInput => bufferInput(data, label, chunkSize);

export function xlsxConfig(raw: Record<string, unknown> = {}): XlsxConfig {
  return resolveConfig<XlsxConfig>(xlsxSource, raw);
}

export function discover(source: SourceInput, raw: Record<string, unknown> = {}): Promise<StreamInfo[]> {
  return xlsxSource.discover(xlsxConfig(raw), { input: source });
}

export async function readRows(source: SourceInput, raw: Record<string, unknown> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of xlsxSource.read(xlsxConfig(raw), { input: source })) rows.push(row);
  return rows;
}

/** Rows as [sheet, row number, values] for `toEqual`. */
export const plain = (rows: Row[]) => rows.map((row) => [row.at.sheet, row.at.row, { ...row.values }]);

/** A cell of inline text. */
export const text = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
/** A cell holding a number, with a style. */
export const num = (ref: string, value: number | string, style?: number) => `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${value}</v></c>`;
export const row = (r: number, ...cells: string[]) => `<row r="${r}">${cells.join('')}</row>`;
