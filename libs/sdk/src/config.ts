import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError } from './errors';
import type { Plugin } from './plugin';

/**
 * Turns a plain config object (from a pipeline document or CLI flags) into the
 * plugin's config class: defaults filled in, values converted, everything
 * validated. Unknown keys are refused so a typo is not silently ignored.
 */
export function resolveConfig<C extends object>(plugin: Plugin, raw: Record<string, unknown> = {}): C {
  // class-transformer fills in defaults and runs @Transform, but trips over
  // prototype-free objects and over keys such as "constructor" or "__proto__"
  // (a mapping of a column with that name, parsed from JSON): those values are
  // set afterwards, as prototype-free copies.
  const plain: Record<string, unknown> = {};
  const prototypeFree: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (FORBIDDEN_KEYS.has(key)) throw new ConfigError('invalid_config', `${plugin.manifest.name}: "${key}" is not an option.`);
    const value = raw[key];
    if (value && typeof value === 'object' && (Object.getPrototypeOf(value) === null || hasHostileKey(value))) prototypeFree[key] = prototypeFreeCopy(value);
    else plain[key] = value;
  }
  const instance = plainToInstance(plugin.config as new () => object, plain, { exposeDefaultValues: true }) as Record<string, unknown>;
  Object.assign(instance, prototypeFree);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError('invalid_config', `${plugin.manifest.name}: ${describeErrors(errors)}`, {
      plugin: plugin.manifest.name,
    });
  }
  return instance as C;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether an object, at any depth, has a key that class-transformer cannot copy. */
function hasHostileKey(value: object): boolean {
  return Object.entries(value).some(([key, entry]) => FORBIDDEN_KEYS.has(key) || (entry !== null && typeof entry === 'object' && hasHostileKey(entry)));
}

/** A deep copy whose objects have no prototype, so every key is only a key (arrays stay arrays). */
function prototypeFreeCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prototypeFreeCopy);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = Object.create(null);
  for (const [key, entry] of Object.entries(value)) copy[key] = prototypeFreeCopy(entry);
  return copy;
}

function describeErrors(errors: ValidationError[], prefix = ''): string {
  return errors
    .flatMap((error) => {
      const path = `${prefix}${error.property}`;
      const own = Object.values(error.constraints ?? {}).map((text) =>
        text.startsWith(error.property) ? `${prefix}${text}` : `${path}: ${text}`,
      );
      return [...own, ...(error.children?.length ? [describeErrors(error.children, `${path}.`)] : [])];
    })
    .join('; ');
}
