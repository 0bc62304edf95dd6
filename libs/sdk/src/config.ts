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
  const instance = plainToInstance(plugin.config as new () => C, raw, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError('invalid_config', `${plugin.manifest.name}: ${describeErrors(errors)}`, {
      plugin: plugin.manifest.name,
    });
  }
  return instance;
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
