/** How a cell's number format shows its value: as a number, a date (with time when it has one), a time of day or a duration. */
export type FormatKind = 'number' | 'date' | 'time' | 'duration';

/** Excel's built-in formats that show dates or times (ids without a `numFmt` of their own). */
const BUILT_IN: Record<number, FormatKind> = {
  14: 'date', 15: 'date', 16: 'date', 17: 'date', 18: 'time', 19: 'time', 20: 'time', 21: 'time', 22: 'date',
  27: 'date', 28: 'date', 29: 'date', 30: 'date', 31: 'date', 32: 'time', 33: 'time', 34: 'time', 35: 'time', 36: 'date',
  45: 'time', 46: 'duration', 47: 'time',
  50: 'date', 51: 'date', 52: 'date', 53: 'date', 54: 'date', 55: 'date', 56: 'date', 57: 'date', 58: 'date',
};

export function formatKind(id: number, code: string | undefined): FormatKind {
  if (code === undefined) return BUILT_IN[id] ?? 'number';
  return kindOfCode(code);
}

/**
 * Reads a format code the way Excel does for dates: text in quotes, escaped
 * characters, fill and padding characters and bracketed parts (colours,
 * conditions, locales) say nothing; `[h]`, `[m]`, `[s]` are elapsed time;
 * then y or d means a date, h or s a time, and m alone a month.
 */
export function kindOfCode(code: string): FormatKind {
  let format = code.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)[0];
  format = format.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/[_*]./g, '');
  if (/\[(h+|m+|s+)\]/i.test(format)) return 'duration';
  format = format.replace(/\[[^\]]*\]/g, '').replace(/general/gi, '').replace(/am\/pm|a\/p/gi, '').toLowerCase();
  if (/[yd]/.test(format)) return 'date';
  if (/[hs]/.test(format)) return 'time';
  if (/m/.test(format)) return 'date';
  return 'number';
}
