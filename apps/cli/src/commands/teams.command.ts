import { TeamStore } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { table } from '../output/table';

export function registerTeams(program: Command, cli: CliEnvironment): void {
  const teams = program.command('teams').description('Teams: a class, a client\'s staff');

  teams
    .command('add')
    .argument('<name>', 'the team name, unique in the workspace (trimmed, any case)')
    .description('Add a team')
    .action(async (name: string) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const team = await new TeamStore(db.sql).add(workspaceId, name);
        cli.print(`Added team ${team.name}.`);
      });
    });

  teams
    .command('list', { isDefault: true })
    .description('List teams with their member counts')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const list = await new TeamStore(db.sql).list(workspaceId);
        if (flags.json) return cli.print(JSON.stringify(list));
        if (list.length === 0) return cli.print('No teams yet. Add one: ferry teams add "Class 1A"');
        cli.print(table(['name', 'members'], list.map((t) => [t.name, t.members])));
      });
    });
}
