import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { PluginRegistry, createRow, createValues, resolveConfig, type Plugin, type StepPlugin } from '@ferry/sdk';
import { BUILT_IN_PLUGINS } from '../../../connectors';
import { scaffoldConnector } from '../src/scaffold/scaffold-connector';

const REPO = path.resolve(__dirname, '../../..');

/** A scratch copy of the connectors registry to scaffold into (inside the repo, so node_modules resolve). */
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
function scratchRoot(): string {
  const root = mkdtempSync(path.join(REPO, '.scratch-scaffold-'));
  roots.push(root);
  mkdirSync(path.join(root, 'connectors'));
  copyFileSync(path.join(REPO, 'connectors/index.ts'), path.join(root, 'connectors/index.ts'));
  return root;
}

describe('ferry scaffold', () => {
  it('writes a working step with its test, and registers it', async () => {
    const root = scratchRoot();
    const files = scaffoldConnector(root, 'step', 'shout-loud');
    expect(files.sort()).toEqual([
      'connectors/step-shout-loud/README.md', 'connectors/step-shout-loud/index.ts', 'connectors/step-shout-loud/manifest.ts',
      'connectors/step-shout-loud/shout-loud.config.ts', 'connectors/step-shout-loud/shout-loud.step.ts', 'connectors/step-shout-loud/test/shout-loud.spec.ts',
    ]);
    const registry = readFileSync(path.join(root, 'connectors/index.ts'), 'utf8');
    expect(registry).toContain("import { shoutLoudStep } from './step-shout-loud';");
    expect(registry).toMatch(/ {2}shoutLoudStep,\n\];/);

    // The generated plugin is valid and does what its README's example says.
    const { shoutLoudStep } = require(path.join(root, 'connectors/step-shout-loud')) as { shoutLoudStep: StepPlugin<{ field: string }> };
    expect(() => new PluginRegistry([...BUILT_IN_PLUGINS, shoutLoudStep as Plugin])).not.toThrow();
    const step = await shoutLoudStep.create(resolveConfig(shoutLoudStep, {}), { columns: [], fields: [] });
    const [row] = await step.transform([createRow(createValues([['first_name', 'ada']]), { file: 'f.csv', row: 2 })]);
    expect(row.values.first_name).toBe('ADA');
  });

  it.each(['source', 'sink'])('writes a %s that registers cleanly', (kind) => {
    const root = scratchRoot();
    scaffoldConnector(root, kind, 'acme');
    const exported = Object.values(require(path.join(root, `connectors/${kind}-acme`)) as Record<string, Plugin>)[0];
    expect(exported.manifest).toMatchObject({ kind, name: 'acme' });
    expect(() => new PluginRegistry([...BUILT_IN_PLUGINS, exported])).not.toThrow();
  });

  it('refuses a bad kind or name, and an existing connector', () => {
    const root = scratchRoot();
    expect(() => scaffoldConnector(root, 'filter', 'x')).toThrow(/source, step, sink/);
    expect(() => scaffoldConnector(root, 'step', 'Shout Loud')).toThrow(/not a plugin name/);
    scaffoldConnector(root, 'step', 'once');
    expect(() => scaffoldConnector(root, 'step', 'once')).toThrow(/exists already/);
    // Plugin names are unique across kinds: a source may not take a step's name.
    expect(() => scaffoldConnector(root, 'source', 'once')).toThrow(/plugin named "once" exists already/);
  });
});
