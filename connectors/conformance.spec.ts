import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { bufferInput, optionsOf, resolveConfig, type Plugin, type Row, type SourceInput, type SourcePlugin } from '@ferry/sdk';
import { BUILT_IN_PLUGINS } from '.';

/** What `<connector>/test/conformance-sample.ts` gives: a table with the headers `email` and `__proto__` and two rows. */
interface ConformanceSample {
  input: SourceInput;
  /** Settings the source needs besides its defaults. */
  config?: Record<string, unknown>;
}

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
  // A source that reads no file (Ferry's own database) needs a setting (which tag, whose completions) that
  // the command building its pipeline gives; its own specs run it on the database.
  const readsNoFile = plugin.manifest.kind === 'source' && plugin.manifest.input === 'none';

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
    if (!readsNoFile) expect(() => resolveConfig(plugin, {})).not.toThrow();
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

  if (plugin.manifest.kind === 'source' && !readsNoFile) {
    it('reads rows that carry their file and rising row numbers, with prototype-free values of discovered columns', async () => {
      // A source that does not read CSV text gives its own sample: test/conformance-sample.ts.
      const samplePath = path.join(__dirname, folder, 'test', 'conformance-sample.ts');
      const sample: ConformanceSample = existsSync(samplePath)
        ? await (require(samplePath) as { conformanceSample(): Promise<ConformanceSample> }).conformanceSample()
        : { input: bufferInput('email,__proto__\nada@example.com,x\nalan@example.com,y\n', 'people.csv') };
      const { input } = sample;
      const source = plugin as SourcePlugin<object>;
      const config = resolveConfig<object>(source, sample.config ?? {});
      const [stream] = await source.discover(config, { input });
      const keys = new Set(stream.columns.map((c) => c.key));
      const rows: Row[] = [];
      for await (const row of source.read(config, { input })) rows.push(row);
      expect(rows.length).toBeGreaterThan(0);
      rows.forEach((row, i) => {
        expect(row.at.file).toBe(input.label);
        expect(Number.isInteger(row.at.row) && row.at.row >= 1).toBe(true);
        if (i > 0) expect(row.at.row).toBeGreaterThan(rows[i - 1].at.row);
        expect(Object.getPrototypeOf(row.values)).toBeNull();
        for (const key of Object.keys(row.values)) expect(keys.has(key)).toBe(true);
      });
    });
  }
});
