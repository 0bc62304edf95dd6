import { trimCell } from '@ferry/sdk';
import isEmail, { type IsEmailOptions } from 'validator/lib/isEmail';

/** RFC 5321's limit for a whole address (a path is 256 including the angle brackets). */
export const MAX_EMAIL_LENGTH = 254;

/**
 * Dotless domains (`test@io`) are valid and accepted, then flagged, because
 * `name@gmailcom` is far more often a typo than a real address.
 */
// Not frozen: isEmail fills its defaults into the object it is given (once, as it turns out).
const OPTIONS: IsEmailOptions = { require_tld: false };
const CONTROL = /[\u0000-\u001f\u007f]/;
/**
 * The everyday shape (name.part@sub.domain.tld, ASCII): a strict subset of what
 * isEmail accepts, checked first because isEmail costs several microseconds an
 * address and an import may hold millions. Anything else goes to isEmail.
 */
const EVERYDAY = /^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const SPACE = /\s/;

/** Why an address cannot be used, as a sentence, or undefined when it can. */
export function emailProblem(email: string): string | undefined {
  if (email.length > MAX_EMAIL_LENGTH) {
    return `The email address is too long: ${email.length.toLocaleString('en')} characters, where at most ${MAX_EMAIL_LENGTH} are allowed.`;
  }
  if (CONTROL.test(email)) return 'The email address contains a line break or another control character.';
  // Quoted local parts ("john doe"@example.com) are legal but unusable for almost every mail service.
  if (email.charCodeAt(0) === 34) return 'Quoted email addresses ("..."@example.com) are not accepted.';
  if (isEverydayEmail(email) || isEmail(email, OPTIONS)) return undefined;
  return `This is not a valid email address: ${hint(email)}`;
}

/** True for addresses of the everyday shape, which isEmail would accept too (the local part is at most 64 characters). */
export function isEverydayEmail(email: string): boolean {
  return EVERYDAY.test(email) && email.indexOf('@') <= 64;
}

/** The likeliest mistake, checked only for addresses that failed. */
function hint(email: string): string {
  const at = email.indexOf('@');
  if (at === -1) return 'it has no @.';
  if (email.indexOf('@', at + 1) !== -1) return 'it has more than one @; put one address in each cell.';
  if (at === 0) return 'nothing comes before the @.';
  if (at === email.length - 1) return 'nothing comes after the @.';
  if (SPACE.test(email)) return 'it contains a space.';
  if (email.includes('..')) return 'it has two dots in a row.';
  return 'check for a misspelled domain or a character that is not allowed.';
}

/** The domain when it has no dot (`ada@localhost`), for a warning. */
export function dotlessDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  return email.indexOf('.', at) === -1 ? email.slice(at + 1) : undefined;
}

/**
 * Removes the blanks people pad cells with (spaces, tabs, no-break and
 * zero-width spaces). Line breaks stay, so an address with one is reported.
 */
export function trimBlanks(text: string): string {
  return trimCell(text);
}
