/** What a user reads about one config option (`ferry connectors`, the API's plugin list). */
export interface OptionSpec {
  key: string;
  title: string;
  description: string;
  /** Secrets (tokens, passwords) are never printed or logged. */
  secret?: boolean;
}

const optionsByClass = new WeakMap<object, OptionSpec[]>();

/**
 * Documents one option of a plugin's config class. Validation stays with
 * class-validator decorators; the default is the property's initial value.
 */
export function Option(spec: Omit<OptionSpec, 'key'>): PropertyDecorator {
  return (target, key) => {
    const owner = target.constructor;
    const list = optionsByClass.get(owner) ?? [];
    list.push({ ...spec, key: String(key) });
    optionsByClass.set(owner, list);
  };
}

export function optionsOf(configClass: object): OptionSpec[] {
  return optionsByClass.get(configClass) ?? [];
}
