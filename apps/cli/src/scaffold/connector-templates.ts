/**
 * The files of a new connector, from the same shape as the built-ins, so the
 * first thing a connector author sees is a working, tested plugin to change.
 */
// Spelled in pieces: the build's alias rewriter (tsc-alias) would otherwise
// rewrite the import lines inside these templates to relative paths.
const SDK = ['@ferry', 'sdk'].join('/');

export type ConnectorKind = 'source' | 'step' | 'sink';

export interface ConnectorNames {
  kind: ConnectorKind;
  /** kebab-case, e.g. `shout` */
  name: string;
  /** camelCase export, e.g. `shoutStep` */
  exportName: string;
  /** PascalCase config class, e.g. `ShoutConfig` */
  configClass: string;
  title: string;
}

export function connectorNames(kind: ConnectorKind, name: string): ConnectorNames {
  const words = name.split('-');
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return {
    kind,
    name,
    exportName: `${pascal[0].toLowerCase()}${pascal.slice(1)}${kind[0].toUpperCase()}${kind.slice(1)}`,
    configClass: `${pascal}Config`,
    title: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' '),
  };
}

export function connectorFiles(n: ConnectorNames): Record<string, string> {
  return {
    'manifest.ts': `import type { Manifest } from '${SDK}';

export const manifest: Manifest<'${n.kind}'> = {
  kind: '${n.kind}',
  name: '${n.name}',
  title: '${n.title}',
  description: 'TODO: one line on what ${n.name} does.',
  version: 1,
};
`,
    [`${n.name}.config.ts`]: `import { Option } from '${SDK}';
import { IsNotEmpty, IsString } from 'class-validator';

export class ${n.configClass} {
  @Option({ title: 'Field', description: 'The field this ${n.kind} works on (after mapping).' })
  @IsString()
  @IsNotEmpty()
  field: string = 'first_name';
}
`,
    [`${n.name}.${n.kind}.ts`]: BEHAVIOUR[n.kind](n),
    'index.ts': `export { ${n.exportName} } from './${n.name}.${n.kind}';\n`,
    'README.md': `# ${n.name} (${n.kind})

TODO: what it does, its options, the row issues it reports (code, when, how to fix).

| option | default | |
|---|---|---|
| \`field\` | \`first_name\` | the field it works on |
`,
    [`test/${n.name}.spec.ts`]: TEST[n.kind](n),
  };
}

const BEHAVIOUR: Record<ConnectorKind, (n: ConnectorNames) => string> = {
  step: (n) => `import { columnOf, rejectRow, type Row, type StepPlugin } from '${SDK}';
import { ${n.configClass} } from './${n.name}.config';
import { manifest } from './manifest';

const MAX_LENGTH = 100;

export const ${n.exportName}: StepPlugin<${n.configClass}> = {
  manifest,
  config: ${n.configClass},
  // Check the config against context.fields here: a FatalRunError stops the run before anything is written.
  create(config) {
    return {
      transform(rows: Row[]): Row[] {
        for (const row of rows) {
          const value = row.values[config.field];
          if (typeof value !== 'string') continue;
          if (value.length > MAX_LENGTH) {
            rejectRow(row, { column: columnOf(row, config.field), value, code: 'too_long', message: \`At most \${MAX_LENGTH} characters.\` });
          } else {
            row.values[config.field] = value.toUpperCase();
          }
        }
        return rows;
      },
    };
  },
};
`,
  source: (n) => `import { createRow, createValues, FatalRunError, type SourcePlugin } from '${SDK}';
import { StringDecoder } from 'node:string_decoder';
import { ${n.configClass} } from './${n.name}.config';
import { manifest } from './manifest';

/** TODO: read your format. This one reads one value per line, under the configured field. */
export const ${n.exportName}: SourcePlugin<${n.configClass}> = {
  manifest,
  config: ${n.configClass},
  async discover(config, context) {
    if (!context.input) throw new FatalRunError('no_input', 'Give a file to read.');
    return [{ name: context.input.label, columns: [{ key: config.field, header: config.field, index: 0 }] }];
  },
  async *read(config, context) {
    if (!context.input) throw new FatalRunError('no_input', 'Give a file to read.');
    // A decoder that keeps a character split across two chunks whole.
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let row = 0;
    for await (const chunk of context.input.open()) {
      const lines = (rest + decoder.write(chunk)).split(/\\r?\\n/);
      rest = lines.pop() ?? '';
      for (const line of lines) yield createRow(createValues([[config.field, line]]), { file: context.input.label, row: ++row });
    }
    rest += decoder.end();
    if (rest) yield createRow(createValues([[config.field, rest]]), { file: context.input.label, row: ++row });
  },
};
`,
  sink: (n) => `import type { Outcome, Row, SinkPlugin } from '${SDK}';
import { ${n.configClass} } from './${n.name}.config';
import { manifest } from './manifest';

/** TODO: write somewhere. This one only classifies: a row with the field is "created", one without "skipped". */
export const ${n.exportName}: SinkPlugin<${n.configClass}> = {
  manifest,
  config: ${n.configClass},
  async fields(config) {
    return [{ key: config.field, label: 'Value', type: 'text', required: true, example: 'Ada' }];
  },
  async open(config) {
    return {
      // context.db is bound to the batch's transaction; in a dry-run (context.dryRun) write nothing.
      async write(rows: Row[]): Promise<Outcome[]> {
        return rows.map((row) => ({ status: row.values[config.field] ? 'created' : 'skipped' }));
      },
    };
  },
};
`,
};

const TEST: Record<ConnectorKind, (n: ConnectorNames) => string> = {
  step: (n) => `import { createRow, createValues, resolveConfig } from '${SDK}';
import { ${n.exportName} } from '..';

describe('${n.name} step', () => {
  const step = ${n.exportName}.create(resolveConfig(${n.exportName}, {}), { columns: [], fields: [] });

  it('upper-cases the field and rejects a value that is too long, naming the column', async () => {
    const short = createRow(createValues([['first_name', 'ada']]), { file: 'people.csv', row: 2 });
    const long = createRow(createValues([['first_name', 'x'.repeat(101)]]), { file: 'people.csv', row: 3 });
    const [a, b] = await (await step).transform([short, long]);
    expect(a.values.first_name).toBe('ADA');
    expect(b.issues).toEqual([expect.objectContaining({ row: 3, column: 'first_name', code: 'too_long', severity: 'error' })]);
  });
});
`,
  source: (n) => `import { bufferInput, resolveConfig, type Row } from '${SDK}';
import { ${n.exportName} } from '..';

describe('${n.name} source', () => {
  it('reads one row per line, numbered from 1', async () => {
    const rows: Row[] = [];
    for await (const row of ${n.exportName}.read(resolveConfig(${n.exportName}, {}), { input: bufferInput('Ada\\nAlan\\n', 'names.txt') })) rows.push(row);
    expect(rows.map((r) => [r.at.row, r.values.first_name])).toEqual([[1, 'Ada'], [2, 'Alan']]);
  });
});
`,
  sink: (n) => `import { createRow, createValues, resolveConfig } from '${SDK}';
import { ${n.exportName} } from '..';

describe('${n.name} sink', () => {
  it('gives one outcome per row', async () => {
    // This example sink does not touch the database; yours will: test it on the real one (see sink-crm-contacts/test).
    const db = { query: async () => { throw new Error('not used'); } };
    const context = { workspaceId: 'w', runId: 'r', dryRun: true, db };
    const writer = await ${n.exportName}.open(resolveConfig(${n.exportName}, {}), context);
    const rows = [createRow(createValues([['first_name', 'Ada']]), { file: 'f', row: 2 }), createRow(createValues(), { file: 'f', row: 3 })];
    expect((await writer.write(rows, context)).map((o) => o.status)).toEqual(['created', 'skipped']);
  });
});
`,
};
