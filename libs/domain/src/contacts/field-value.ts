import type { CustomFieldDefinition } from '../repositories/custom-field-store';

/** A cell converted to a custom field's type, or the reason it cannot be. */
export type Converted = { value: string | number | boolean } | { code: string; message: string };

const MAX_TEXT = 10_000;
const TRUE = new Set(['true', 'yes', 'y', '1', 'ja', 'j', 'x', 'wahr']);
const FALSE = new Set(['false', 'no', 'n', '0', 'nein', 'falsch']);
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
const DAY_FIRST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;
const NUMBER = /^[-+]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;
const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;
const THOUSANDS_OR_DECIMAL = /^[-+]?\d{1,3},\d{3}$/;

/** Converts one non-empty cell for a custom field. */
export function convertFieldValue(field: CustomFieldDefinition, raw: string): Converted {
  const text = raw.trim();
  switch (field.type) {
    case 'text':
      return text.length > MAX_TEXT
        ? { code: 'value_too_long', message: `${field.label} may have at most ${MAX_TEXT} characters.` }
        : { value: text };
    case 'number': {
      // "1,500" could be 1.5 (German) or 1500 (English): refuse to guess.
      if (THOUSANDS_OR_DECIMAL.test(text)) {
        return { code: 'ambiguous_number', message: `${field.label}: "${text}" could be read two ways; write 1500 or 1.5.` };
      }
      const normal = DECIMAL_COMMA.test(text) ? text.replace(',', '.') : NUMBER.test(text) ? text.replace(/,/g, '') : null;
      const value = normal === null ? NaN : Number(normal);
      return Number.isFinite(value)
        ? { value }
        : { code: 'invalid_number', message: `${field.label} must be a number, like 42 or 3.5.` };
    }
    case 'date':
      return toIsoDate(text) ?? { code: 'invalid_date', message: `${field.label} must be a date: 2026-03-31 or 31.03.2026 (day first).` };
    case 'boolean': {
      const key = text.toLowerCase();
      if (TRUE.has(key)) return { value: true };
      if (FALSE.has(key)) return { value: false };
      return { code: 'invalid_boolean', message: `${field.label} must be yes or no (also true/false, 1/0).` };
    }
    case 'select': {
      const match = field.options?.find((option) => option.toLowerCase() === text.toLowerCase());
      return match !== undefined
        ? { value: match }
        : { code: 'invalid_option', message: `${field.label} must be one of: ${(field.options ?? []).join(', ')}.` };
    }
  }
}

function toIsoDate(text: string): { value: string } | undefined {
  const iso = ISO_DATE.exec(text);
  const dayFirst = iso ? undefined : DAY_FIRST.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : [];
  if (!year) return undefined;
  const date = new Date(Date.UTC(2000, Number(month) - 1, Number(day)));
  date.setUTCFullYear(Number(year)); // Date.UTC would read years 0–99 as 1900–1999
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  return { value: date.toISOString().slice(0, 10) };
}
