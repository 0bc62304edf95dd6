import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { scaffoldConnector } from '../scaffold/scaffold-connector';

export function registerScaffold(program: Command, cli: CliEnvironment): void {
  program
    .command('scaffold')
    .description("Write a new connector's folder, register it and give it a test (run in Ferry's source folder)")
    .argument('<kind>', 'source | step | sink')
    .argument('<name>', 'the plugin name, kebab-case, e.g. shout')
    .option('--root <dir>', "Ferry's source folder", process.cwd())
    .action((kind: string, name: string, flags: { root: string }) => {
      const files = scaffoldConnector(flags.root, kind, name);
      cli.print(`Created ${files.length} files and registered the ${kind} in connectors/index.ts:`);
      for (const file of files) cli.print(`  ${file}`);
      cli.print(`Next: fill in the TODOs, then npx jest connectors/${kind}-${name} connectors/conformance`);
    });
}
