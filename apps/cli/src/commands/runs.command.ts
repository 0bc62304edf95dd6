import { RunStore, type RunRecord } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { countsOnly, countsTable, issuePages, issuesTable, printJsonWithIssues, runHeadline } from '../output/run-report';
import { table } from '../output/table';
import { UsageError } from '../usage-error';

export function registerRuns(program: Command, cli: CliEnvironment): void {
  const runs = program
    .command('runs')
    .description('The history of imports, newest first')
    .enablePositionalOptions()
    .option('--limit <n>', 'how many to list', '50')
    .option('--json', 'print JSON')
    .action(async (flags: { limit: string; json?: boolean }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number.');
      await cli.withFerry(async ({ db, workspaceId }) => {
        const list = await new RunStore(db.sql).list(workspaceId, limit);
        if (flags.json) return cli.print(JSON.stringify(list.map(runView)));
        if (list.length === 0) return cli.print('No imports yet. Try: ferry import <file.csv> --name "My first import"');
        cli.print(
          table(
            ['id', 'name', 'status', 'started', 'read', 'created', 'updated', 'unchanged', 'skipped', 'failed'],
            list.map((r) => [r.id.slice(0, 8), r.name + (r.dryRun ? ' (dry-run)' : ''), r.status, r.createdAt.toISOString().slice(0, 19).replace('T', ' '),
              r.counts.read, r.counts.created, r.counts.updated, r.counts.unchanged, r.counts.skipped, r.counts.failed]),
            40,
          ),
        );
      });
    });

  runs
    .command('show')
    .description("A run's settings, counts and every row issue")
    .argument('<id>', 'the run id, or its first characters as listed by `ferry runs`')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const store = new RunStore(db.sql);
        const found = await store.findByIdPrefix(workspaceId, id);
        if (!/^[0-9a-f-]{4,36}$/i.test(id) || found.length === 0) throw new UsageError(`No run with id ${id}.`);
        if (found.length > 1) throw new UsageError(`More than one run starts with ${id}; give more characters.`);
        const run = found[0];
        if (flags.json) return printJsonWithIssues(runView(run), issuePages(store, workspaceId, run.id));
        cli.print(runHeadline(run));
        cli.print(`started ${run.startedAt?.toISOString() ?? '-'}, finished ${run.finishedAt?.toISOString() ?? '-'}, last committed row ${run.checkpointRow ?? '-'}`);
        if (run.error) cli.print(`\n${run.error.message} (${run.error.code})`);
        cli.print(`\nSettings:\n${JSON.stringify(run.settings, null, 2)}`);
        cli.print(`\n${countsTable(run.counts, run.dryRun)}`);
        let printed = 0;
        for await (const page of issuePages(store, workspaceId, run.id)) {
          cli.print(`${printed === 0 ? '\nIssues:\n' : ''}${issuesTable(page, 400)}`);
          printed += page.length;
        }
        if (printed === 0) cli.print('\nNo row issues.');
      });
    });
}

function runView(run: RunRecord) {
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    dryRun: run.dryRun,
    sink: run.sink,
    counts: countsOnly(run.counts),
    warnings: run.counts.warnings,
    checkpointRow: run.checkpointRow,
    error: run.error ?? undefined,
    settings: run.settings,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString(),
    finishedAt: run.finishedAt?.toISOString(),
  };
}
