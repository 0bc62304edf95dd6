import 'reflect-metadata';
import { BUILT_IN_PLUGINS } from '@ferry/connectors';
import { loadEnv } from '@ferry/domain';
import { buildRegistry } from '@ferry/engine';
import { FerryError } from '@ferry/sdk';
import { Command, CommanderError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CliEnvironment } from './cli-environment';
import { registerConnectors } from './commands/connectors.command';
import { registerContacts } from './commands/contacts.command';
import { registerContent } from './commands/content.command';
import { registerEmails } from './commands/emails.command';
import { registerFields } from './commands/fields.command';
import { registerGrant } from './commands/grant.command';
import { registerImport } from './commands/import.command';
import { registerOffers } from './commands/offers.command';
import { registerProducts } from './commands/products.command';
import { registerProgress } from './commands/progress.command';
import { registerRuns } from './commands/runs.command';
import { registerScaffold } from './commands/scaffold.command';
import { registerSchedules } from './commands/schedules.command';
import { registerTeams } from './commands/teams.command';
import { registerWorkspaces } from './commands/workspaces.command';
import { registerTemplate } from './commands/template.command';
import { EXIT, UsageError } from './usage-error';

/** The version in Ferry's package.json, found upwards from here (from src/ or from dist/). */
function ferryVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ferry') return pkg.version ?? '0.0.0';
    }
  }
  return '0.0.0';
}

export async function main(argv: string[]): Promise<number> {
  let cli: CliEnvironment;
  try {
    cli = new CliEnvironment(loadEnv(), buildRegistry(BUILT_IN_PLUGINS));
  } catch (error) {
    process.stderr.write(`ferry: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const program = new Command('ferry')
    .description('Ferry moves people and their learning history between platforms.')
    .version(ferryVersion())
    .exitOverride()
    // `ferry runs show <id> --json`: options after a subcommand belong to it.
    .enablePositionalOptions()
    .showHelpAfterError('(run ferry --help for usage)');
  registerImport(program, cli);
  registerTemplate(program, cli);
  registerRuns(program, cli);
  registerContacts(program, cli);
  registerFields(program, cli);
  registerProducts(program, cli);
  registerOffers(program, cli);
  registerContent(program, cli);
  registerTeams(program, cli);
  registerGrant(program, cli);
  registerProgress(program, cli);
  registerSchedules(program, cli);
  registerWorkspaces(program, cli);
  registerEmails(program, cli);
  registerConnectors(program, cli);
  registerScaffold(program, cli);

  try {
    await program.parseAsync(argv);
    return cli.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof UsageError) {
      process.stderr.write(`ferry: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof FerryError && error.next === 'fix-config') {
      process.stderr.write(`ferry: ${error.message} (${error.code})\n`);
      return EXIT.usage;
    }
    process.stderr.write(`ferry: ${describeUnexpected(error)}\n`);
    return EXIT.failed;
  }
}

/** A sentence for failures outside any run (the database unreachable, ...); the stack only with FERRY_DEBUG. */
function describeUnexpected(error: unknown): string {
  const err = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (process.env.FERRY_DEBUG) return err.stack ?? String(error);
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND') {
    return `cannot reach the database (${err.code}${err.port ? ` on port ${err.port}` : ''}). Check DATABASE_URL, or unset it to use the embedded database.`;
  }
  return `${err.message ?? String(error)} (set FERRY_DEBUG=1 for details)`;
}

if (require.main === module) {
  main(process.argv).then((code) => process.exit(code));
}
