import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { bufferInput, optionsOf, resolveConfig, type Plugin, type Row, type SourcePlugin } from '@ferry/sdk';
import { BUILT_IN_PLUGINS } from '.';

/**
 * What every connector promises, checked for each registered plugin (that
 * every folder is registered is checked in registry.spec.ts). A new connector
 * gets these checks by being registered in connectors/index.ts.
 */
const folders = readdirSync(__dirname).filter((name) => statSync(path.join(__dirname, name)).isDirectory());
const folderOf = (plugin: Plugin): string =>
  folders.find((folder) => Object.values(require(path.join(__dirname, folder)) as object).includes(plugin))!;

describe.each(BUILT_IN_PLUGINS.map((plugin) => [plugin.manifest.name, plugin] as const))('connector %s', (_name, plugin) => {
  const folder = folderOf(plugin);

  it('lives in its own folder with a README, a manifest, a config class and tests', () => {
    const dir = path.join(__dirname, folder);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['README.md', 'manifest.ts', 'index.ts', 'test']));
    expect(readdirSync(dir).some((file) => file.endsWith('.config.ts'))).toBe(true);
    expect(readdirSync(path.join(dir, 'test')).some((file) => file.endsWith('.spec.ts'))).toBe(true);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(plugin.manifest.name);
  });

  it('documents every option a user can set, and works with the defaults', () => {
    const documented = optionsOf(plugin.config).map((option) => option.key).sort();
    const settable = Object.keys(new plugin.config()).sort();
    expect(documented).toEqual(expect.arrayContaining(settable));
    for (const option of optionsOf(plugin.config)) {
      expect(option.title.trim().length).toBeGreaterThan(0);
      expect(option.description.trim().length).toBeGreaterThan(10);
    }
    expect(() => resolveConfig(plugin, {})).not.toThrow();
  });

  it('depends only on the SDK (and a sink on the domain), never on an app or the engine', () => {
    const dir = path.join(__dirname, folder);
    const sources = readdirSync(dir).filter((file) => file.endsWith('.ts'));
    for (const file of sources) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect({ file, imports: text.match(/from '(@ferry\/(engine|connectors)|@nestjs\/[^']+|[./]+\/(apps|libs)\/[^']*)'/g) }).toEqual({ file, imports: null });
      if (plugin.manifest.kind !== 'sink') expect({ file, domain: text.includes("'@ferry/domain'") }).toEqual({ file, domain: false });
    }
  });

  if (plugin.manifest.kind === 'source') {
    it('reads rows that carry their file and rising row numbers, with prototype-free values of discovered columns', async () => {
      const input = bufferInput('email,__proto__\nada@example.com,x\nalan@example.com,y\n', 'people.csv');
      const source = plugin as SourcePlugin<object>;
      const config = resolveConfig<object>(source, {});
      const [stream] = await source.discover(config, { input });
      const keys = new Set(stream.columns.map((c) => c.key));
      const rows: Row[] = [];
      for await (const row of source.read(config, { input })) rows.push(row);
      expect(rows.length).toBeGreaterThan(0);
      rows.forEach((row, i) => {
        expect(row.at.file).toBe('people.csv');
        expect(Number.isInteger(row.at.row) && row.at.row >= 1).toBe(true);
        if (i > 0) expect(row.at.row).toBeGreaterThan(rows[i - 1].at.row);
        expect(Object.getPrototypeOf(row.values)).toBeNull();
        for (const key of Object.keys(row.values)) expect(keys.has(key)).toBe(true);
      });
    });
  }
});
