import { columnOf, describeValue, warnRow, type Row, type Step, type StepContext, type StepPlugin } from '@ferry/sdk';
// Mobile metadata: the smallest and fastest set; E.164 and possible lengths are the same in every set (see README).
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/mobile';
import { manifest } from './manifest';
import { NormalizePhoneConfig } from './normalize-phone.config';

/**
 * A number is kept when its length is possible for its country (isPossible):
 * isValid would also refuse the numbers reserved for drama and examples, such
 * as 07700 900123, and is slower.
 */
function createNormalizePhone(config: NormalizePhoneConfig, _context: StepContext): Step {
  const { field } = config;
  const country = config.defaultCountry as CountryCode | undefined;
  const options = country ? { defaultCountry: country } : undefined;
  const unreadable = country
    ? `, not even as a number from ${country} (the default country). Write it with its country code, e.g. +44 7700 900123; the phone was left empty.`
    : ' and it has no country code (+...). Write it as +44 7700 900123, or set a default country; the phone was left empty.';

  return {
    transform(rows: Row[]): Row[] {
      for (const row of rows) {
        const raw = row.values[field];
        if (raw === undefined) continue;
        const text = raw === null ? '' : typeof raw === 'string' ? raw : String(raw);
        if (isBlank(text)) {
          delete row.values[field];
          continue;
        }
        const phone = parsePhoneNumberFromString(text, options);
        if (phone === undefined || !phone.isPossible()) {
          delete row.values[field];
          warnRow(row, { column: columnOf(row, field), value: text, code: 'invalid_phone', message: `"${describeValue(text)}" cannot be read as a phone number${unreadable}` });
          continue;
        }
        row.values[field] = phone.number;
        if (phone.ext) {
          warnRow(row, {
            column: columnOf(row, field),
            value: text,
            code: 'phone_extension_dropped',
            message: `The extension ${phone.ext} was not kept: phones are stored as ${phone.number}.`,
          });
        }
      }
      return rows;
    },
  };
}

function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  if (first > 32 && first !== 0xa0 && first < 0x1680) return false;
  return text.trim().length === 0;
}

export const normalizePhoneStep: StepPlugin<NormalizePhoneConfig> = {
  manifest,
  config: NormalizePhoneConfig,
  create: createNormalizePhone,
};
