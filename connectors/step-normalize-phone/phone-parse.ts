// Mobile metadata: the smallest and fastest set; E.164 and possible lengths are the same in every set (see README).
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/mobile';

/** One cell's result: the E.164 number (and a dropped extension), or unreadable. */
export type ParsedPhone = { number: string; ext?: string } | null;

/**
 * A number is kept when its length is possible for its country (isPossible):
 * isValid would also refuse the numbers reserved for drama and examples, such
 * as 07700 900123, and is slower.
 */
export function parsePhone(text: string, country: CountryCode | undefined): ParsedPhone {
  const phone = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : undefined);
  if (phone === undefined || !phone.isPossible()) return null;
  return phone.ext ? { number: phone.number, ext: phone.ext } : { number: phone.number };
}
