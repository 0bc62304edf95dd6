import { isJsonObject, type JsonValueOverflow } from '@ferry/sdk';

/** The first key or text in a parsed value longer than `max` characters, as the builder would report it. */
export function longText(value: unknown, max: number, path: (string | number)[] = []): JsonValueOverflow | undefined {
  if (typeof value === 'string') {
    return value.length > max ? { reason: 'text', path, length: value.length, start: value.slice(0, 200) } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = longText(value[i], max, [...path, i]);
      if (found) return found;
    }
  } else if (isJsonObject(value)) {
    for (const key of Object.keys(value)) {
      if (key.length > max) return { reason: 'text', path, length: key.length, start: key.slice(0, 200) };
      const found = longText(value[key], max, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
