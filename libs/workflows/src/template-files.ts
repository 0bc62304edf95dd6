import type { TemplateTable } from './sink-template';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const cell = (value: string) => (NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A table as comma-separated text, quoted where needed (tags examples hold `;`, labels may hold commas). */
export function templateCsv(table: TemplateTable): string {
  return [table.headers, ...table.rows].map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The tables as an .xlsx workbook, one tab each, every cell text (so Excel keeps `+44…` and dates as written). */
export async function templateWorkbook(tables: TemplateTable[]): Promise<Buffer> {
  // exceljs takes half a second to load: only the command that writes a workbook pays for it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ferry';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.headers).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column, i) => {
      column.width = Math.max(12, ...[table.headers, ...table.rows].map((line) => (line[i] ?? '').length + 2));
      column.numFmt = '@';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
