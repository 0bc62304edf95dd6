import { ConfigError } from './errors';
import type { Plugin, PluginKind, SinkPlugin, SourcePlugin, StepPlugin } from './plugin';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const REQUIRED_METHODS: Record<PluginKind, string[]> = {
  source: ['discover', 'read'],
  step: ['create'],
  sink: ['fields', 'open'],
};

type ByKind = { source: SourcePlugin<any>; step: StepPlugin<any>; sink: SinkPlugin<any> };

/**
 * The one place plugins are found by name. Built once at start-up from the
 * built-ins and installed packages; refuses duplicates and invalid manifests
 * so a broken plugin is noticed before any run starts.
 */
export class PluginRegistry {
  private readonly plugins = new Map<string, Plugin>();

  constructor(plugins: Iterable<Plugin> = []) {
    for (const plugin of plugins) this.register(plugin);
  }

  register(plugin: Plugin): void {
    const problems = manifestProblems(plugin);
    const label = (plugin as Partial<Plugin>)?.manifest?.name ?? '(unnamed)';
    if (problems.length > 0) {
      throw new ConfigError('invalid_plugin', `Plugin ${label} is invalid: ${problems.join('; ')}`);
    }
    if (this.plugins.has(plugin.manifest.name)) {
      throw new ConfigError('duplicate_plugin', `Two plugins are named "${plugin.manifest.name}"; plugin names must be unique.`);
    }
    this.plugins.set(plugin.manifest.name, plugin);
  }

  get<K extends PluginKind>(kind: K, name: string): ByKind[K] {
    const plugin = this.plugins.get(name);
    if (!plugin || plugin.manifest.kind !== kind) {
      const known = this.list(kind).map((p) => p.manifest.name).join(', ') || 'none';
      throw new ConfigError(`unknown_${kind}`, `There is no ${kind} named "${name}". Known: ${known}.`);
    }
    return plugin as ByKind[K];
  }

  has(kind: PluginKind, name: string): boolean {
    return this.plugins.get(name)?.manifest.kind === kind;
  }

  list<K extends PluginKind>(kind?: K): ByKind[K][] {
    return [...this.plugins.values()].filter((p) => !kind || p.manifest.kind === kind) as ByKind[K][];
  }
}

function manifestProblems(plugin: Plugin): string[] {
  const problems: string[] = [];
  const manifest = (plugin as Partial<Plugin>)?.manifest;
  if (!manifest) return ['it has no manifest'];
  if (typeof manifest.name !== 'string' || !NAME.test(manifest.name)) {
    problems.push(`name "${String(manifest.name)}" must be lower-case kebab-case`);
  }
  if (!(manifest.kind in REQUIRED_METHODS)) problems.push(`kind "${String(manifest.kind)}" must be source, step or sink`);
  if (!manifest.title?.trim()) problems.push('title is empty');
  if (!manifest.description?.trim()) problems.push('description is empty');
  if (typeof plugin.config !== 'function') problems.push('config must be a class');
  for (const method of REQUIRED_METHODS[manifest.kind] ?? []) {
    if (typeof (plugin as unknown as Record<string, unknown>)[method] !== 'function') {
      problems.push(`a ${manifest.kind} must have ${method}()`);
    }
  }
  return problems;
}
