import { EmailOutboxStore, RunStore, type EmailCounts, type RunRecord } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { countsOnly, countsTable, issuePages, issuesTable, printJsonWithIssues, runHeadline } from '../output/run-report';
import { followRun, hasSettled } from '../output/follow-run';
import { rowProgress } from '../output/progress';
import { emailsLine } from '../output/run-emails';
import { table } from '../output/table';
import { EXIT, UsageError } from '../usage-error';
import { syncQueue } from './schedules.command';

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
    .option('--follow', 'wait for the run to end, showing its progress, then print it')
    .action(async (id: string, flags: { json?: boolean; follow?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const store = new RunStore(db.sql);
        let run = await findRun(store, workspaceId, id);
        if (flags.follow && !hasSettled(run)) {
          const progress = rowProgress(!flags.json && process.stderr.isTTY === true);
          run = await followRun(db, workspaceId, run.id, progress.listener);
          progress.stop();
        }
        const emails = await new EmailOutboxStore(db.sql).countsForRun(workspaceId, run.id);
        if (flags.json) return printJsonWithIssues({ ...runView(run), emails }, issuePages(store, workspaceId, run.id));
        cli.print(runHeadline(run));
        cli.print(`started ${run.startedAt?.toISOString() ?? '-'}, finished ${run.finishedAt?.toISOString() ?? '-'}, last committed row ${run.checkpointRow ?? '-'}`);
        if (run.error) cli.print(`\n${run.error.message} (${run.error.code})`);
        cli.print(`\nSettings:\n${JSON.stringify(run.settings, null, 2)}`);
        cli.print(`\n${countsTable(run.counts, run.dryRun)}`);
        if (hasEmails(emails)) cli.print(`\n${emailsLine(emails)} (details: ferry emails list --run ${run.id.slice(0, 8)})`);
        let printed = 0;
        for await (const page of issuePages(store, workspaceId, run.id)) {
          cli.print(`${printed === 0 ? '\nIssues:\n' : ''}${issuesTable(page, 400)}`);
          printed += page.length;
        }
        if (printed === 0) cli.print('\nNo row issues.');
      });
    });

  runs
    .command('approve')
    .description('Let a sync that waits for approval (it would change more than its schedule allows) go on')
    .argument('<id>', 'the run id, or its first characters')
    .action(async (id: string) => {
      await cli.withFerry(async (ctx) => {
        const store = new RunStore(ctx.db.sql);
        const run = await findRun(store, ctx.workspaceId, id);
        if (run.status !== 'awaiting_approval' || !run.scheduleId || !run.slot) {
          throw new UsageError(`Run ${run.id} is ${run.status.replace(/_/g, ' ')}, not waiting for approval.`);
        }
        await store.approve(ctx.workspaceId, run.id);
        if (ctx.env.REDIS_URL) {
          await syncQueue(ctx, (queue) => queue.runSlot(ctx.workspaceId, run.scheduleId!, run.slot!, 'approved'));
          return cli.print(`Approved: run ${run.id} is queued. Follow it with: ferry runs show ${run.id} --follow`);
        }
        const { processSlot } = await import('@ferry/jobs');
        const outcome = await processSlot({ workspaceId: ctx.workspaceId, scheduleId: run.scheduleId, slot: run.slot.toISOString() }, run.slot, ctx);
        if (outcome.outcome !== 'ran') throw new Error(`Run ${run.id} did not start (${outcome.outcome}).`);
        const { result } = outcome;
        cli.print(runHeadline({ id: result.runId, name: result.name, status: result.status, dryRun: result.dryRun }));
        cli.print(result.error ? `\n${result.error.message} (${result.error.code})` : `\n${countsTable(result.counts, result.dryRun)}`);
        cli.exitCode = result.status === 'failed' ? EXIT.failed : result.status === 'completed_with_errors' ? EXIT.rowErrors : EXIT.ok;
      });
    });

  runs
    .command('cancel')
    .description('Stop a run: a queued run never starts, a running one stops after its current batch (committed batches stay)')
    .argument('<id>', 'the run id, or its first characters')
    .action(async (id: string) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const store = new RunStore(db.sql);
        const run = await findRun(store, workspaceId, id);
        if (hasSettled(run) && run.status !== 'awaiting_approval') throw new UsageError(`Run ${run.id} has already ended (${run.status.replace(/_/g, ' ')}).`);
        const status = await store.requestCancel(workspaceId, run.id);
        if (status !== 'cancelled') return cli.print(`Run ${run.id} will stop after its current batch.`);
        // A run waiting for its retry had committed batches; they stay, as with a run stopped mid-way.
        cli.print(run.status === 'failed' ? `Cancelled run ${run.id}: it will not be retried; the ${run.counts.read} rows it committed stay.` : `Cancelled run ${run.id} before it started.`);
      });
    });
}

export async function findRun(store: RunStore, workspaceId: string, id: string): Promise<RunRecord> {
  const found = /^[0-9a-f-]{4,36}$/i.test(id) ? await store.findByIdPrefix(workspaceId, id) : [];
  if (found.length === 0) throw new UsageError(`No run with id ${id}.`);
  if (found.length > 1) throw new UsageError(`More than one run starts with ${id}; give more characters.`);
  return found[0];
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

const hasEmails = (counts: EmailCounts) => counts.queued + counts.sent + counts.failed > 0;
