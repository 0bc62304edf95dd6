import { columnOf, describeValue, isBlankCell, warnRow, type Row, type Step, type StepContext, type StepPlugin } from '@ferry/sdk';
import type { CountryCode } from 'libphonenumber-js/mobile';
import { manifest } from './manifest';
import { NormalizePhoneConfig } from './normalize-phone.config';
import { PhoneParser } from './phone-parser';

function createNormalizePhone(config: NormalizePhoneConfig, _context: StepContext): Step {
  const { field } = config;
  const country = config.defaultCountry as CountryCode | undefined;
  const parser = new PhoneParser(country);
  const unreadable = country
    ? `, not even as a number from ${country} (the default country). Write it with its country code, e.g. +44 7700 900123; the phone was left empty.`
    : ' and it has no country code (+...). Write it as +44 7700 900123, or set a default country; the phone was left empty.';

  return {
    close: () => parser.close(),
    async transform(rows: Row[]): Promise<Row[]> {
      const withPhone: Row[] = [];
      const texts: string[] = [];
      for (const row of rows) {
        const raw = row.values[field];
        if (raw === undefined) continue;
        const text = raw === null ? '' : typeof raw === 'string' ? raw : String(raw);
        if (isBlankCell(text)) {
          delete row.values[field];
          continue;
        }
        withPhone.push(row);
        texts.push(text);
      }
      if (texts.length === 0) return rows;
      const parsed = await parser.parse(texts);
      withPhone.forEach((row, i) => {
        const phone = parsed[i];
        const text = texts[i];
        if (phone === null) {
          delete row.values[field];
          warnRow(row, { column: columnOf(row, field), value: text, code: 'invalid_phone', message: `"${describeValue(text)}" cannot be read as a phone number${unreadable}` });
          return;
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
      });
      return rows;
    },
  };
}

export const normalizePhoneStep: StepPlugin<NormalizePhoneConfig> = {
  manifest,
  config: NormalizePhoneConfig,
  create: createNormalizePhone,
};
