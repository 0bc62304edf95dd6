import { unknownSheet } from './file-errors';
import type { SheetInfo, Workbook } from './workbook';
import type { XlsxConfig } from './xlsx.config';

/**
 * The sheets `read` goes through: the ones named in `sheets`, else every
 * visible worksheet (those with nothing in them give no rows). Names the
 * workbook does not have, in `sheets` or `sheetValues`, are a config error.
 */
export function chosenSheets(workbook: Workbook, config: XlsxConfig): SheetInfo[] {
  const names = workbook.sheets.map((sheet) => sheet.name);
  const find = (option: string, name: string): SheetInfo => {
    const sheet = workbook.sheets.find((s) => s.name === name) ?? workbook.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!sheet) throw unknownSheet(workbook.input.label, option, name, names);
    return sheet;
  };
  for (const name of Object.keys(config.sheetValues ?? {})) find('sheetValues', name);
  if (config.sheets) return [...new Set(config.sheets.map((name) => find('sheets', name)))];
  return workbook.sheets.filter((sheet) => sheet.state === 'visible' && sheet.part);
}

/** The values `sheetValues` sets for a sheet (its name matched as in `chosenSheets`). */
export function valuesFor(config: XlsxConfig, sheet: SheetInfo): Record<string, string | number | boolean> | undefined {
  const all = config.sheetValues;
  if (!all) return undefined;
  const key = Object.keys(all).find((name) => name === sheet.name) ?? Object.keys(all).find((name) => name.toLowerCase() === sheet.name.toLowerCase());
  return key === undefined ? undefined : all[key];
}
