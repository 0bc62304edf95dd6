import { ConfigError, FatalRunError } from '@ferry/sdk';

const RESAVE = 'Open it in Excel (or LibreOffice), save it as Excel Workbook (.xlsx) or CSV UTF-8 (.csv), and import that file.';

export function emptyFile(file: string): FatalRunError {
  return new FatalRunError('empty_file', `"${file}" is empty. Choose the workbook that holds your data, with a header row and at least one row below it.`, { file });
}

export function noSheetWithData(file: string, hidden: string[]): FatalRunError {
  const note = hidden.length ? ` Hidden sheets (${hidden.map((s) => `"${s}"`).join(', ')}) are read only when named in the sheets option.` : '';
  return new FatalRunError('empty_file', `"${file}" has no sheet with data to read: the sheets are empty.${note} Choose the workbook that holds your data, or name the sheets to read.`, {
    file,
  });
}

export function noRows(file: string, sheets: string[]): FatalRunError {
  const where = sheets.length === 1 ? `sheet "${sheets[0]}"` : `sheets ${sheets.map((s) => `"${s}"`).join(', ')}`;
  return new FatalRunError('no_rows', `${where} of "${file}" ${sheets.length === 1 ? 'has' : 'have'} a header row but no rows below it. Add the data under the header, or choose the sheet that holds it.`, {
    file,
    sheets,
  });
}

export function legacyXls(file: string): FatalRunError {
  return new FatalRunError(
    'legacy_xls',
    `"${file}" is an Excel 97-2003 workbook (.xls) or a password-protected workbook, which Ferry cannot read. Remove any password, then ${RESAVE.charAt(0).toLowerCase()}${RESAVE.slice(1)}`,
    { file },
  );
}

export function notXlsx(file: string, why: string): FatalRunError {
  return new FatalRunError('not_xlsx', `"${file}" is not an Excel workbook (.xlsx): ${why}. ${RESAVE}`, { file });
}

export function damaged(file: string, why: string, part?: string): FatalRunError {
  return new FatalRunError('corrupt_xlsx', `"${file}" is damaged: ${why}. ${RESAVE} Excel may offer to repair it when opening.`, { file, part });
}

export function invalidXml(file: string, part: string, reason: string): FatalRunError {
  return new FatalRunError('invalid_xml', `"${file}" is damaged: its part ${part} is not valid XML (${reason}). ${RESAVE}`, { file, part });
}

export function tooLarge(file: string, maxBytes: number): FatalRunError {
  return new FatalRunError(
    'too_large',
    `"${file}" unpacks to more than ${formatBytes(maxBytes)}, the most Ferry reads from one workbook (a file that small unpacking that large may be a zip bomb). Split the data into smaller workbooks or save it as CSV, or raise the maxUncompressedBytes option if you trust the file.`,
    { file, maxBytes },
  );
}

export function tooManyColumns(file: string, sheet: string, row: number, maxColumns: number): FatalRunError {
  return new FatalRunError(
    'too_many_columns',
    `Sheet "${sheet}" of "${file}" has a cell on row ${row} beyond column ${maxColumns.toLocaleString('en-US')} (XFD), the most a worksheet can have, so the file was not made by Excel and cannot be read safely. ${RESAVE}`,
    { file, sheet, row },
  );
}

export function unknownSheet(file: string, option: string, name: string, sheets: string[]): ConfigError {
  return new ConfigError(
    'unknown_sheet',
    `xlsx: ${option} names the sheet "${name}", but "${file}" has no such sheet. Its sheets are: ${sheets.map((s) => `"${s}"`).join(', ')}.`,
    { plugin: 'xlsx', file, sheet: name },
  );
}

export function noHeaderRow(file: string, sheet: string, row: number): FatalRunError {
  return new FatalRunError(
    'no_header',
    `Row ${row} of sheet "${sheet}" in "${file}" is empty, so it cannot be the header row. Set headerRow to the row that holds the column names, or leave it unset to use the first row with anything in it.`,
    { file, sheet, row },
  );
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
