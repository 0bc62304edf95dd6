import { ConfigError, PluginRegistry, type Plugin } from '@ferry/sdk';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Builds the registry: the built-ins, then plugins from installed npm packages
 * that declare themselves with `"ferry": { "plugins": "./dist/index.js" }` in
 * their package.json (the module exports plugins as named exports or an array
 * `plugins`). Only the project's direct dependencies are looked at.
 */
export function buildRegistry(builtIns: Plugin[], projectDir = process.cwd()): PluginRegistry {
  const registry = new PluginRegistry(builtIns);
  for (const plugin of installedPlugins(projectDir)) registry.register(plugin);
  return registry;
}

function installedPlugins(projectDir: string): Plugin[] {
  const manifestPath = path.join(projectDir, 'package.json');
  if (!existsSync(manifestPath)) return [];
  const project = JSON.parse(readFileSync(manifestPath, 'utf8')) as { dependencies?: Record<string, string> };
  const found: Plugin[] = [];
  for (const name of Object.keys(project.dependencies ?? {})) {
    const packageDir = path.join(projectDir, 'node_modules', name);
    const packageJson = path.join(packageDir, 'package.json');
    if (!existsSync(packageJson)) continue;
    const entry = (JSON.parse(readFileSync(packageJson, 'utf8')) as { ferry?: { plugins?: string } }).ferry?.plugins;
    if (!entry) continue;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(path.join(packageDir, entry)) as Record<string, unknown>;
      const values = Array.isArray(exported.plugins) ? exported.plugins : Object.values(exported);
      found.push(...(values.filter((v) => v && typeof v === 'object' && 'manifest' in v) as Plugin[]));
    } catch (error) {
      throw new ConfigError('plugin_load_failed', `The plugin package ${name} could not be loaded: ${(error as Error).message}`);
    }
  }
  return found;
}
