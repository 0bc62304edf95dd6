import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PluginRegistry } from '@ferry/sdk';
import { BUILT_IN_PLUGINS } from '.';

// Register once: every folder under connectors/ must be in BUILT_IN_PLUGINS.
describe('built-in connectors', () => {
  it('registers every connector folder, each exporting exactly one plugin', () => {
    const folders = readdirSync(__dirname).filter((name) => statSync(path.join(__dirname, name)).isDirectory());
    for (const folder of folders) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = Object.values(require(path.join(__dirname, folder))).filter((v: any) => v && typeof v === 'object' && 'manifest' in v);
      expect({ folder, plugins: exported.length }).toEqual({ folder, plugins: 1 });
      expect(BUILT_IN_PLUGINS).toContain(exported[0]);
    }
    expect(BUILT_IN_PLUGINS).toHaveLength(folders.length);
  });

  it('builds a registry without duplicates or invalid manifests', () => {
    expect(() => new PluginRegistry(BUILT_IN_PLUGINS)).not.toThrow();
  });
});
