import type { RowValues } from './row';

/** Deeper objects than this are kept as JSON text rather than split into ever longer keys. */
const MAX_DEPTH = 8;

/** True for a JSON object: not null, not a list (prototype-free or not). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON value that is not an object as one cell: a list of plain values is
 * joined with ", " (the tags step splits it as it splits an "a, b" cell; empty
 * entries are left out), a list holding objects becomes JSON text, anything
 * else stays as it is (null is an empty cell).
 */
export function jsonCell(value: unknown): unknown {
  if (!Array.isArray(value)) return isJsonObject(value) ? JSON.stringify(value) : value;
  return value.every(isPlain) ? value.filter((item) => item !== null && item !== '').join(', ') : JSON.stringify(value);
}

/**
 * Writes a JSON record into row values the way a spreadsheet would hold it:
 * nested objects become dotted keys (`profile.first_name`, so map-columns can
 * map them), other values become cells as {@link jsonCell} says. Only the
 * object's own keys are read, so `__proto__` or `constructor` are ordinary keys
 * (also in a `JSON.parse` result); `values` must come from `createValues`.
 */
export function flattenJsonObject(values: RowValues, object: Record<string, unknown>, prefix = '', depth = 0): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    const name = prefix + key;
    if (isJsonObject(value) && depth < MAX_DEPTH) flattenJsonObject(values, value, `${name}.`, depth + 1);
    else values[name] = jsonCell(value);
  }
}

/** What a JSON value is, for messages: "a list", "a text", "a number", "null", ... */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isJsonObject(value)) return 'an object';
  return typeof value === 'string' ? 'a text' : `a ${typeof value}`;
}

const isPlain = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);
