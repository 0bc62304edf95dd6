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
  // prototype-free objects (a mapping whose key is "__proto__"): those are set
  // afterwards as they are.
  const plain: Record<string, unknown> = {};
  const prototypeFree: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (FORBIDDEN_KEYS.has(key)) throw new ConfigError('invalid_config', `${plugin.manifest.name}: "${key}" is not an option.`);
    const value = raw[key];
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === null) prototypeFree[key] = value;
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
