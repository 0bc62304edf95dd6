import { CompletionStore, ContactStore, ContentStore } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { runAndReport } from '../output/run-and-report';
import { table } from '../output/table';
import { UsageError } from '../usage-error';
import { carryOverPipeline, mergeUsersPipeline } from '@ferry/workflows';

interface MoveFlags {
  from: string;
  to: string;
  name?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function registerProgress(program: Command, cli: CliEnvironment): void {
  const progress = program.command('progress').description('Course progress: completions, and moving them between people and content');

  progress
    .command('show')
    .argument('<email>', "the contact's email (any case)")
    .option('--json', 'print JSON')
    .description("A contact's completions, and whether they can see them (they have access to the product)")
    .action(async (email: string, flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const contact = await findContact(new ContactStore(db.sql), workspaceId, email);
        const list = await new CompletionStore(db.sql).listCompletions(workspaceId, { contactId: contact.id });
        if (flags.json) return cli.print(JSON.stringify(list));
        if (list.length === 0) return cli.print(`${contact.email} has no completions.`);
        cli.print(table(['product', 'level', 'title', 'uuid', 'completed on', 'visible'],
          list.map((c) => [c.product, c.level, c.title, c.uuid, c.completed_on, c.visible ? 'yes' : 'no'])));
        const hidden = list.filter((c) => !c.visible).length;
        if (hidden) cli.print(`\n${hidden} not visible: ${contact.email} has no access to ${hidden === 1 ? 'that product' : 'those products'} yet (ferry grant, or ferry import --into course-enrollment).`);
      });
    });

  moveCommand(progress, 'merge-users', 'Give one account the completions of another (the same person twice); the earliest date of each wins')
    .requiredOption('--from <email>', 'the account whose completions are copied')
    .requiredOption('--to <email>', 'the account that receives them')
    .action(async (flags: MoveFlags) => {
      const [from, to] = await cli.withFerry(async ({ db, workspaceId }) => {
        const contacts = new ContactStore(db.sql);
        return [await findContact(contacts, workspaceId, flags.from), await findContact(contacts, workspaceId, flags.to)];
      });
      if (from.id === to.id) throw new UsageError('--from and --to are the same contact.');
      const pipeline = mergeUsersPipeline(from.email, to.email, { ...runOptions(flags), batchSize: cli.env.FERRY_BATCH_SIZE });
      cli.exitCode = await runAndReport(cli, pipeline, { json: flags.json });
    });

  moveCommand(progress, 'carry-over', 'Complete new content for everyone who completed the old content it replaces, keeping their dates')
    .requiredOption('--from <uuid>', 'the old content node')
    .requiredOption('--to <uuid>', 'the new content node (completing it completes everything below it)')
    .action(async (flags: MoveFlags) => {
      const [from, to] = await cli.withFerry(async ({ db, workspaceId }) => {
        const content = new ContentStore(db.sql);
        const find = async (uuid: string) => {
          const node = await content.findNode(workspaceId, uuid);
          if (!node) throw new UsageError(`There is no content ${uuid.trim()}. See: ferry content show --product <name>`);
          return node;
        };
        return [await find(flags.from), await find(flags.to)];
      });
      if (from.id === to.id) throw new UsageError('--from and --to are the same content.');
      const pipeline = carryOverPipeline(from, to, { ...runOptions(flags), batchSize: cli.env.FERRY_BATCH_SIZE });
      cli.exitCode = await runAndReport(cli, pipeline, { json: flags.json });
    });
}

function moveCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option('--name <name>', 'a name for this run, shown in `ferry runs`')
    .option('--dry-run', 'count what would change, write nothing')
    .option('--json', 'print one JSON object instead of tables');
}

const runOptions = (flags: MoveFlags) => ({ name: flags.name, dryRun: flags.dryRun });

async function findContact(contacts: ContactStore, workspaceId: string, email: string): Promise<{ id: string; email: string }> {
  const key = email.trim().toLowerCase();
  const contact = (await contacts.findByEmailKeys(workspaceId, [key])).get(key);
  if (!contact) throw new UsageError(`There is no contact ${email.trim()}.`);
  return { id: contact.id, email: contact.email ?? key };
}
