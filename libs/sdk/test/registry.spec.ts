import { IsBoolean, IsObject } from 'class-validator';
import { ConfigError, Option, PluginRegistry, resolveConfig, type SinkPlugin, type StepPlugin } from '../src';

class StepConfig {
  @Option({ title: 'Loud', description: 'Shout.' })
  @IsBoolean()
  loud: boolean = false;
}

const step = (name: string, overrides: Partial<StepPlugin<StepConfig>> = {}): StepPlugin<StepConfig> => ({
  manifest: { kind: 'step', name, title: 'A step', description: 'Does a thing.' },
  config: StepConfig,
  create: () => ({ transform: (rows) => rows }),
  ...overrides,
});

describe('PluginRegistry', () => {
  it('finds plugins by kind and name', () => {
    const registry = new PluginRegistry([step('upper'), step('lower')]);
    expect(registry.get('step', 'lower').manifest.name).toBe('lower');
    expect(registry.list('step')).toHaveLength(2);
  });

  it('refuses two plugins with the same name at start-up', () => {
    expect(() => new PluginRegistry([step('upper'), step('upper')])).toThrow(/Two plugins are named "upper"/);
  });

  it.each([
    ['a name that is not kebab-case', step('Upper Case'), /lower-case kebab-case/],
    ['an empty title', step('x', { manifest: { kind: 'step', name: 'x', title: ' ', description: 'd' } }), /title is empty/],
    ['a missing method', { ...step('y'), create: undefined } as unknown as StepPlugin<StepConfig>, /must have create\(\)/],
    ['an unknown kind', step('z', { manifest: { kind: 'filter' as 'step', name: 'z', title: 't', description: 'd' } }), /kind "filter"/],
  ])('refuses a plugin with %s', (_label, plugin, message) => {
    expect(() => new PluginRegistry([plugin])).toThrow(message);
  });

  it('names the known plugins when asked for an unknown one', () => {
    const registry = new PluginRegistry([step('upper')]);
    expect(() => registry.get('sink', 'upper')).toThrow(/no sink named "upper"/);
    expect(() => registry.get('step', 'nope')).toThrow(/Known: upper/);
  });
});

describe('resolveConfig', () => {
  const plugin = step('cfg') as unknown as SinkPlugin<StepConfig>;
  it('fills in defaults', () => {
    expect(resolveConfig<StepConfig>(plugin, {})).toEqual(Object.assign(new StepConfig(), { loud: false }));
  });
  it('refuses wrong types and unknown keys, naming them', () => {
    expect(() => resolveConfig(plugin, { loud: 'very' })).toThrow(ConfigError);
    expect(() => resolveConfig(plugin, { loud: 'very' })).toThrow(/loud/);
    expect(() => resolveConfig(plugin, { lodu: true })).toThrow(/lodu/);
  });
});

describe('resolveConfig with hostile keys', () => {
  class MappingConfig {
    @Option({ title: 'Mapping', description: 'Column to field.' })
    @IsObject()
    mapping: Record<string, string> = {};
  }
  const plugin = { ...step('mapping'), config: MappingConfig } as unknown as SinkPlugin<MappingConfig>;

  it('keeps a mapping whose keys are __proto__ and constructor as plain keys', () => {
    const mapping = Object.create(null) as Record<string, string>;
    mapping['__proto__'] = 'first_name';
    mapping['constructor'] = 'last_name';
    const config = resolveConfig<MappingConfig>(plugin, { mapping });
    expect(Object.keys(config.mapping)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).first_name).toBeUndefined();
  });

  it('refuses __proto__ as an option name', () => {
    expect(() => resolveConfig(plugin, JSON.parse('{"__proto__": {"polluted": true}}'))).toThrow(/not an option/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
