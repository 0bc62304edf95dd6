import type { FormatKind } from './number-formats';

const SECONDS_PER_DAY = 86_400;
/** Days from Excel's 1900 day zero (1899-12-30, counting its phantom 1900-02-29) to 1970-01-01. */
const EPOCH_1900 = 25_569;
/** The 1904 date system counts from 1904-01-01: 1,462 days later than the 1900 system. */
const OFFSET_1904 = 1_462;
/** 9999-12-31, the last day Excel shows. */
const LAST_SERIAL = 2_958_465;

/**
 * A number as Excel shows it in General format: at most 15 significant
 * digits, so 0.1 + 0.2 reads 0.3 and long integers are not made up.
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number(value.toPrecision(15)));
}

/**
 * A serial date-time as ISO 8601 text: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`
 * when it has a time of day, `HH:MM:SS` for a time format, `H:MM:SS` (hours
 * past 24) for an elapsed-time format. Seconds are rounded as Excel rounds
 * them for display. Values no date can have stay numbers.
 */
export function serialText(serial: number, kind: Exclude<FormatKind, 'number'>, date1904: boolean): string {
  if (!Number.isFinite(serial)) return '';
  const totalSeconds = Math.round(serial * SECONDS_PER_DAY);
  if (kind === 'duration') {
    const sign = totalSeconds < 0 ? '-' : '';
    const seconds = Math.abs(totalSeconds);
    return `${sign}${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  }
  let days = Math.floor(totalSeconds / SECONDS_PER_DAY);
  const secondOfDay = totalSeconds - days * SECONDS_PER_DAY;
  const time = `${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor(secondOfDay / 60) % 60)}:${pad(secondOfDay % 60)}`;
  if (kind === 'time') return time;
  if (date1904) days += OFFSET_1904;
  // Excel counts a 29 February 1900 that never was: serials before it are one day later than they look.
  else if (days < 61) days += 1;
  if (serial < 0 || days > LAST_SERIAL + (date1904 ? OFFSET_1904 : 0)) return numberText(serial);
  const date = new Date((days - EPOCH_1900) * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
  return secondOfDay === 0 ? date : `${date}T${time}`;
}

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** A `t="d"` cell (ISO 8601 text, written by some tools) in the same shape as a serial date. */
export function isoDateText(text: string): string {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return text;
  const [, date, hoursMinutes, seconds] = match;
  if (!hoursMinutes) return date;
  const time = `${hoursMinutes}:${seconds ?? '00'}`;
  return time === '00:00:00' ? date : `${date}T${time}`;
}

/** OOXML writes characters XML cannot hold as `_xHHHH_` (a literal `_x` is `_x005F_x`). */
export function decodeEscapes(text: string): string {
  if (text.indexOf('_x') < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
