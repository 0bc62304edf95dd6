import { CatalogStore, TagStore } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { runAndReport } from '../output/run-and-report';
import { UsageError } from '../usage-error';
import { grantPipeline } from '@ferry/workflows';

export function registerGrant(program: Command, cli: CliEnvironment): void {
  program
    .command('grant')
    .description('Grant an offer to every contact with a tag (a pipeline: ferry-contacts → set-values → course-enrollment)')
    .requiredOption('--offer <name>', 'the offer to grant (a product name grants its own offer)')
    .requiredOption('--tag <tag>', 'the tag of the contacts to grant it to')
    .option('--name <name>', 'a name for this run, shown in `ferry runs`')
    .option('--dry-run', 'count who would get access, write nothing')
    .option('--no-notify', 'send no access emails (each new grant sends one by default)')
    .option('--language <code>', "the emails' language, e.g. de (default: each contact's own, else English)")
    .option('--template <name>', 'the email template (default access-granted)')
    .option('--json', 'print one JSON object instead of tables')
    .action(async (flags: { offer: string; tag: string; name?: string; dryRun?: boolean; json?: boolean; notify: boolean; language?: string; template?: string }) => {
      // Checked before a run starts: a typo is a usage error, not a run full of row errors.
      const offer = await cli.withFerry(async ({ db, workspaceId }) => {
        const found = await new CatalogStore(db.sql).findOffer(workspaceId, flags.offer);
        if (!found) throw new UsageError(`There is no offer "${flags.offer.trim()}". See: ferry offers list`);
        const tags = await new TagStore(db.sql).idsByName(workspaceId, [flags.tag.trim()], false);
        if (tags.size === 0) throw new UsageError(`No contact has the tag "${flags.tag.trim()}".`);
        return found;
      });
      const notify = { ...(flags.notify ? {} : { notify: false }), ...(flags.language ? { language: flags.language } : {}), ...(flags.template ? { template: flags.template } : {}) };
      const pipeline = grantPipeline(offer.name, flags.tag.trim(), { name: flags.name, dryRun: flags.dryRun, batchSize: cli.env.FERRY_BATCH_SIZE, notify });
      cli.exitCode = await runAndReport(cli, pipeline, { json: flags.json });
    });
}
