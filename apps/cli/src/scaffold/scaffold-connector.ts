import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../usage-error';
import { connectorFiles, connectorNames, type ConnectorKind } from './connector-templates';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const KINDS: ConnectorKind[] = ['source', 'step', 'sink'];

/**
 * Writes `connectors/<kind>-<name>/` (manifest, config, behaviour, README, a
 * test) and registers it in `connectors/index.ts`. Returns the files written.
 */
export function scaffoldConnector(root: string, kind: string, name: string): string[] {
  if (!KINDS.includes(kind as ConnectorKind)) throw new UsageError(`The kind must be one of ${KINDS.join(', ')}; got "${kind}".`);
  if (!NAME.test(name)) throw new UsageError(`"${name}" is not a plugin name: use lower-case words joined by -, e.g. "shout" or "hubspot-contacts".`);
  const registryFile = path.join(root, 'connectors', 'index.ts');
  if (!existsSync(registryFile)) throw new UsageError(`There is no connectors/index.ts under ${root}; run this in Ferry's source folder.`);
  const folder = path.join(root, 'connectors', `${kind}-${name}`);
  if (existsSync(folder)) throw new UsageError(`connectors/${kind}-${name} exists already.`);

  const taken = takenPluginNames(path.join(root, 'connectors'));
  if (taken.has(name)) throw new UsageError(`A plugin named "${name}" exists already (plugin names are unique across sources, steps and sinks).`);
  const names = connectorNames(kind as ConnectorKind, name);
  const registry = readFileSync(registryFile, 'utf8');
  if (registry.includes(`  ${names.exportName},`)) throw new UsageError(`${names.exportName} is registered already.`);
  const written: string[] = [];
  for (const [file, text] of Object.entries(connectorFiles(names))) {
    const target = path.join(folder, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    written.push(path.relative(root, target));
  }
  writeFileSync(registryFile, register(registry, names.exportName, `./${kind}-${name}`));
  return written;
}

/** The names in the manifests of the connector folders already there. */
function takenPluginNames(connectorsDir: string): Set<string> {
  const names = new Set<string>();
  for (const folder of readdirSync(connectorsDir, { withFileTypes: true })) {
    const manifest = path.join(connectorsDir, folder.name, 'manifest.ts');
    if (!folder.isDirectory() || !existsSync(manifest)) continue;
    const match = /\bname:\s*'([^']+)'/.exec(readFileSync(manifest, 'utf8'));
    if (match) names.add(match[1]);
  }
  return names;
}

/** Adds the import after the last import and the plugin at the end of BUILT_IN_PLUGINS. */
function register(source: string, exportName: string, from: string): string {
  const lines = source.split('\n');
  const lastImport = lines.reduce((last, line, i) => (line.startsWith('import ') ? i : last), -1);
  lines.splice(lastImport + 1, 0, `import { ${exportName} } from '${from}';`);
  const end = lines.findIndex((line, i) => i > lastImport && line.startsWith('];'));
  if (end === -1) throw new UsageError('connectors/index.ts has no BUILT_IN_PLUGINS list ending in "];".');
  lines.splice(end, 0, `  ${exportName},`);
  return lines.join('\n');
}
