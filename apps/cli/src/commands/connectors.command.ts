import { optionsOf } from '@ferry/sdk';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';

export function registerConnectors(program: Command, cli: CliEnvironment): void {
  program
    .command('connectors')
    .description('The registered plugins and their options')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const plugins = cli.registry.list().map((plugin) => {
        const defaults = new plugin.config() as Record<string, unknown>;
        return {
          ...plugin.manifest,
          options: optionsOf(plugin.config).map((o) => ({ ...o, default: o.secret ? undefined : defaults[o.key] })),
        };
      });
      if (flags.json) return cli.print(JSON.stringify(plugins));
      for (const p of plugins) {
        cli.print(`${p.kind.padEnd(6)} ${p.name} — ${p.title}: ${p.description}`);
        for (const o of p.options) {
          const shown = o.default === undefined ? '' : ` (default: ${JSON.stringify(o.default)})`;
          cli.print(`         ${o.key}${shown}: ${o.title}. ${o.description}`);
        }
      }
    });
}
