import { optionsOf } from './option';

/** What a secret option's value is replaced with wherever settings are shown or saved. */
export const REDACTED = '***';

/** The keys of a config class's options marked `secret: true`. */
export function secretKeys(configClass: object): string[] {
  return optionsOf(configClass).filter((option) => option.secret).map((option) => option.key);
}

/**
 * A copy of a plugin's config (as written in a pipeline document) with every
 * secret option that is set replaced by {@link REDACTED}, for run records,
 * logs and listings. The original is left as it is: the run still needs it.
 */
export function redactSecrets<T extends Record<string, unknown> | undefined>(configClass: object, config: T): T {
  if (!config) return config;
  const secrets = secretKeys(configClass).filter((key) => Object.hasOwn(config, key) && !isUnset(config[key]));
  if (secrets.length === 0) return config;
  // Spread (or plain assignment on a prototype-free object): an own "__proto__" key stays a key.
  const copy: Record<string, unknown> = Object.getPrototypeOf(config) === null ? Object.create(null) : { ...config };
  if (Object.getPrototypeOf(copy) === null) for (const key of Object.keys(config)) copy[key] = config[key];
  for (const key of secrets) copy[key] = REDACTED;
  return copy as T;
}

const isUnset = (value: unknown) => value === undefined || value === null || value === '';
