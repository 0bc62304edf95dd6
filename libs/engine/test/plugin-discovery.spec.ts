import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BUILT_IN_PLUGINS } from '../../../connectors';
import { buildRegistry } from '../src';

/** A project folder with one installed npm package that may declare Ferry plugins. */
function projectWith(pkg: { name: string; ferry?: object; code: string }, dependency = true): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ferry-plugins-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'school', dependencies: dependency ? { [pkg.name]: '1.0.0' } : {} }));
  const packageDir = path.join(dir, 'node_modules', pkg.name);
  mkdirSync(packageDir, { recursive: true });
  writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify({ name: pkg.name, version: '1.0.0', ferry: pkg.ferry }));
  writeFileSync(path.join(packageDir, 'index.js'), pkg.code);
  return dir;
}

const shoutStep = (name: string) => `
  class Config {}
  exports.shoutStep = {
    manifest: { kind: 'step', name: '${name}', title: 'Shout', description: 'Upper-cases first names.' },
    config: Config,
    create: () => ({ transform: (rows) => rows }),
  };`;

describe('third-party plugins from installed packages', () => {
  it('registers the plugins a dependency declares in its package.json', () => {
    const dir = projectWith({ name: 'ferry-plugin-shout', ferry: { plugins: './index.js' }, code: shoutStep('shout') });
    const registry = buildRegistry(BUILT_IN_PLUGINS, dir);
    expect(registry.get('step', 'shout').manifest.title).toBe('Shout');
    expect(registry.list()).toHaveLength(BUILT_IN_PLUGINS.length + 1);
  });

  it('ignores packages that declare nothing, and packages that are not dependencies', () => {
    const undeclared = projectWith({ name: 'left-pad', code: shoutStep('shout') });
    expect(buildRegistry(BUILT_IN_PLUGINS, undeclared).list()).toHaveLength(BUILT_IN_PLUGINS.length);
    const notDependency = projectWith({ name: 'ferry-plugin-shout', ferry: { plugins: './index.js' }, code: shoutStep('shout') }, false);
    expect(buildRegistry(BUILT_IN_PLUGINS, notDependency).list()).toHaveLength(BUILT_IN_PLUGINS.length);
  });

  it('refuses a plugin whose name a built-in already has', () => {
    const dir = projectWith({ name: 'ferry-plugin-evil', ferry: { plugins: './index.js' }, code: shoutStep('csv') });
    expect(() => buildRegistry(BUILT_IN_PLUGINS, dir)).toThrow(/Two plugins are named "csv"/);
  });

  it('names the package when it cannot be loaded', () => {
    const dir = projectWith({ name: 'ferry-plugin-broken', ferry: { plugins: './index.js' }, code: 'throw new Error("boom")' });
    expect(() => buildRegistry(BUILT_IN_PLUGINS, dir)).toThrow(/ferry-plugin-broken could not be loaded: boom/);
  });
});
