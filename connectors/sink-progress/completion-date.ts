/** How to read a date such as 03/04/2026. */
export type DateOrder = 'day-first' | 'month-first' | 'auto';
export const DATE_ORDERS: readonly DateOrder[] = ['day-first', 'month-first', 'auto'];

/** An ISO date (YYYY-MM-DD), or why the cell is not one. */
export type ParsedDate = { date: string } | { code: 'invalid_date' | 'ambiguous_date'; message: string };

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}.*)?$/;
const NUMERIC = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;
const TWO_DIGIT_YEAR = /^\d{1,2}([./-])\d{1,2}\1\d{2}(?: .*)?$/;
const SERIAL = /^\d{1,7}(?:\.\d+)?$/;
const MAX_SERIAL = 2_958_465; // 9999-12-31
const DAY_MS = 86_400_000;
const EXAMPLES = 'such as 2026-03-01 or 01.03.2026';

/**
 * Reads a completion date: ISO (with or without a time), day- or month-first
 * with `.`, `/` or `-` and a four-digit year, or an Excel serial number (1900
 * date system, time of day ignored). The caller handles empty cells.
 */
export function parseCompletionDate(raw: unknown, order: DateOrder): ParsedDate {
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? invalid(`This is not a date; write one ${EXAMPLES}.`) : { date: raw.toISOString().slice(0, 10) };
  }
  const text = String(raw).trim();
  if (typeof raw === 'number' || SERIAL.test(text)) return fromSerial(Number(text));

  const iso = ISO.exec(text);
  if (iso) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3])) ?? invalid(`"${text}" is not a day of the calendar.`);

  if (TWO_DIGIT_YEAR.test(text)) {
    return { code: 'ambiguous_date', message: `"${text}" has a two-digit year, which could be read more than one way; write the year in full, ${EXAMPLES}.` };
  }
  const parts = NUMERIC.exec(text);
  if (!parts) return invalid(`"${text}" is not a date; write one ${EXAMPLES} (day first).`);
  return fromParts(text, Number(parts[1]), Number(parts[3]), Number(parts[4]), order);
}

function fromParts(text: string, first: number, second: number, year: number, order: DateOrder): ParsedDate {
  const dayFirst = checked(year, second, first);
  const monthFirst = checked(year, first, second);
  if (order === 'auto') {
    if (dayFirst && monthFirst && first !== second) {
      return {
        code: 'ambiguous_date',
        message: `"${text}" could be day first or month first; write it year first (${dayFirst.date} or ${monthFirst.date}), or set dateOrder to day-first or month-first.`,
      };
    }
    return dayFirst ?? monthFirst ?? invalid(`"${text}" is not a day of the calendar.`);
  }
  const wanted = order === 'day-first' ? dayFirst : monthFirst;
  if (wanted) return wanted;
  const other = order === 'day-first' ? monthFirst : dayFirst;
  if (other) {
    const otherOrder = order === 'day-first' ? 'month-first' : 'day-first';
    return invalid(`"${text}" is not a valid ${order} date; if the file writes dates ${otherOrder.replace('-', ' ')}, set dateOrder to ${otherOrder}.`);
  }
  return invalid(`"${text}" is not a day of the calendar.`);
}

/** Excel's serial day numbers: 1 is 1900-01-01, and 60 is the 29 February 1900 that Excel counts but never was. */
function fromSerial(serial: number): ParsedDate {
  const day = Math.floor(serial);
  if (!(day >= 1 && day <= MAX_SERIAL) || day === 60) {
    return invalid(`${serial} is not a date; Excel date numbers run from 1 to ${MAX_SERIAL}, or write a date ${EXAMPLES}.`);
  }
  const epoch = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return { date: new Date(epoch + day * DAY_MS).toISOString().slice(0, 10) };
}

/** The ISO date, when year-month-day is a real day. */
function checked(year: number, month: number, day: number): { date: string } | undefined {
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year); // Date.UTC would read years 0–99 as 1900–1999
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

const invalid = (message: string): ParsedDate => ({ code: 'invalid_date', message });
