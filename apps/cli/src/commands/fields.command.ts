import { CustomFieldStore } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { table } from '../output/table';

export function registerFields(program: Command, cli: CliEnvironment): void {
  const fields = program.command('fields').description("The workspace's custom contact fields");

  fields
    .command('add')
    .argument('<key>', 'the field key used in mappings, e.g. department')
    .requiredOption('--type <type>', 'text | number | date | boolean | select')
    .option('--options <a,b,c>', 'the choices of a select field, comma-separated')
    .option('--label <label>', 'a readable name (also matched when suggesting mappings)')
    .description('Add a custom field')
    .action(async (key: string, flags: { type: string; options?: string; label?: string }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const field = await new CustomFieldStore(db.sql).add(workspaceId, {
          key, type: flags.type, label: flags.label, options: flags.options?.split(','),
        });
        cli.print(`Added custom field ${field.key} (${field.type}${field.options ? `: ${field.options.join(', ')}` : ''}).`);
      });
    });

  fields
    .command('list', { isDefault: true })
    .description('List custom fields')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const list = await new CustomFieldStore(db.sql).list(workspaceId);
        if (flags.json) return cli.print(JSON.stringify(list));
        cli.print(list.length ? table(['key', 'label', 'type', 'options'], list.map((f) => [f.key, f.label, f.type, f.options?.join(', ')])) : 'No custom fields yet. Add one: ferry fields add department --type text');
      });
    });
}
