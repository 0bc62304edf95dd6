import { ConfigError } from '@ferry/sdk';

export const MAX_NAME_LENGTH = 200;

/**
 * A product, offer or team name as stored, and the key it is matched by:
 * trimmed, and lower-cased for the key, so "Spanish " and "spanish" are one.
 */
export function catalogName(what: string, raw: string): { name: string; nameKey: string } {
  const name = raw.trim();
  if (!name) throw new ConfigError('invalid_name', `A ${what} needs a name.`);
  if (name.length > MAX_NAME_LENGTH) throw new ConfigError('invalid_name', `A ${what} name may have at most ${MAX_NAME_LENGTH} characters.`);
  return { name, nameKey: nameKey(name) };
}

export const nameKey = (name: string): string => name.trim().toLowerCase();
