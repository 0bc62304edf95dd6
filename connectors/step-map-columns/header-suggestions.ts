import type { FieldSpec } from '@ferry/sdk';

/** Header spellings that suggest a core field, English and German; compared after {@link normaliseHeader}. */
const DICTIONARY: Readonly<Record<string, readonly string[]>> = {
  email: ['email', 'e-mail', 'mail', 'email address', 'e-mail address', 'mail address', 'e-mail-adresse', 'emailadresse', 'mailadresse'],
  first_name: ['first name', 'firstname', 'given name', 'forename', 'vorname', 'rufname'],
  last_name: ['last name', 'lastname', 'surname', 'family name', 'nachname', 'familienname', 'zuname'],
  phone: [
    'phone', 'phone number', 'telephone', 'telephone number', 'tel', 'tel nr', 'mobile', 'mobile phone', 'mobile number',
    'cell', 'cell phone', 'handy', 'handynummer', 'telefon', 'telefonnummer', 'telefon nr', 'mobil', 'mobilnummer',
    'mobiltelefon', 'rufnummer',
  ],
  tags: ['tags', 'tag', 'labels', 'schlagworte', 'schlagwort', 'stichworte'],
  language: ['language', 'lang', 'locale', 'preferred language', 'sprache', 'langue'],
};

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_ALPHANUMERIC = /[^a-z0-9]/g;

/** "E-Mail-Adresse" → "emailadresse", "Straße" → "strasse", "Größe" → "grosse". */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/ß/g, 'ss').normalize('NFD').replace(COMBINING_MARKS, '').replace(NOT_ALPHANUMERIC, '');
}

/**
 * Suggests a field for a header. A field's own key and label count most, then
 * its aliases, then the built-in dictionary; a name that two fields claim at
 * the same level suggests neither.
 */
export class HeaderSuggestions {
  /** Normalised name → field key, or null when the name is ambiguous. */
  private readonly fieldByName = new Map<string, string | null>();

  constructor(fields: readonly FieldSpec[]) {
    const levels: [string, string[]][][] = [
      fields.map((f) => [f.key, [f.key, f.label]]),
      fields.map((f) => [f.key, f.aliases ?? []]),
      fields.map((f) => [f.key, [...(DICTIONARY[f.key] ?? [])]]),
    ];
    for (const level of levels) this.addLevel(level);
  }

  suggest(header: string): string | undefined {
    return this.fieldByName.get(normaliseHeader(header)) ?? undefined;
  }

  private addLevel(level: [string, string[]][]): void {
    const claims = new Map<string, Set<string>>();
    for (const [field, names] of level) {
      for (const name of names) {
        const normal = normaliseHeader(name);
        if (normal === '' || this.fieldByName.has(normal)) continue;
        const fields = claims.get(normal) ?? new Set<string>();
        fields.add(field);
        claims.set(normal, fields);
      }
    }
    for (const [name, fields] of claims) this.fieldByName.set(name, fields.size === 1 ? [...fields][0] : null);
  }
}
