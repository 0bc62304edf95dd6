import { RunStore, ScheduleStore, type ScheduleRecord } from '@ferry/domain';
import type { PipelineDocument, RunPipeline } from '@ferry/engine';
import type { ApprovalCheck, ScheduleQueue } from '@ferry/jobs';
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliEnvironment } from '../cli-environment';
import type { FerryContext } from '../ferry-context';
import { countsTable, runHeadline } from '../output/run-report';
import { table } from '../output/table';
import { EXIT, UsageError } from '../usage-error';

export function registerSchedules(program: Command, cli: CliEnvironment): void {
  const schedules = program
    .command('schedules')
    .description('Recurring syncs: a pipeline on a cron expression (workers run them; they need REDIS_URL)');

  schedules
    .command('add')
    .argument('<name>', 'a name, unique in the workspace')
    .requiredOption('--pipeline <file.json>', 'the pipeline document to run')
    .requiredOption('--cron <expression>', 'when: 5 fields (e.g. "0 2 * * *"), or 6 with seconds first')
    .option('--tz <zone>', 'the time zone the cron expression is read in', 'UTC')
    .option('--input <file>', "a file the pipeline's source reads on every run (an export another system updates)")
    .option('--threshold <share|off>', 'a run that would create or update more than this share of the records waits for `ferry runs approve`', '0.2')
    .description('Add a schedule (enabled)')
    .action(async (name: string, flags: { pipeline: string; cron: string; tz: string; input?: string; threshold: string }) => {
      const changeThreshold = flags.threshold === 'off' ? null : Number(flags.threshold.replace(/%$/, '')) / (flags.threshold.endsWith('%') ? 100 : 1);
      if (changeThreshold !== null && Number.isNaN(changeThreshold)) throw new UsageError(`--threshold takes a share such as 0.2 or 20%, or off; got "${flags.threshold}".`);
      const pipeline = readPipeline(flags.pipeline);
      if (flags.input) pipeline.input = path.resolve(flags.input);
      if (pipeline.input && !existsSync(pipeline.input)) throw new UsageError(`There is no file at ${pipeline.input}.`);
      await cli.withFerry(async (ctx) => {
        ctx.runPipeline.check(pipeline);
        const schedule = await new ScheduleStore(ctx.db.sql).add(ctx.workspaceId, { name, pipeline: pipeline as never, cron: flags.cron, timezone: flags.tz, changeThreshold });
        await syncQueue(ctx, (queue) => queue.register(ctx.workspaceId, schedule));
        cli.print(`Added schedule ${schedule.name} (${schedule.cron}, ${schedule.timezone}), id ${schedule.id}.${ctx.env.REDIS_URL ? '' : ' Start workers with REDIS_URL set to run it on time.'}`);
      });
    });

  schedules
    .command('list', { isDefault: true })
    .option('--json', 'print JSON')
    .description('List schedules')
    .action(async (flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId, runPipeline }) => {
        const list = await new ScheduleStore(db.sql).list(workspaceId);
        if (flags.json) return cli.print(JSON.stringify(list.map((s) => scheduleView(s, runPipeline))));
        if (list.length === 0) return cli.print('No schedules yet. Add one: ferry schedules add nightly --pipeline sync.json --cron "0 2 * * *"');
        cli.print(table(['name', 'cron', 'time zone', 'enabled', 'skipped slots', 'id'], list.map((s) => [s.name, s.cron, s.timezone, s.enabled ? 'yes' : 'paused', s.skippedSlots, s.id])));
      });
    });

  schedules
    .command('show')
    .argument('<name-or-id>')
    .option('--json', 'print JSON')
    .description('A schedule, its saved cursor and its latest runs')
    .action(async (which: string, flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId, runPipeline }) => {
        const schedule = await findSchedule(new ScheduleStore(db.sql), workspaceId, which);
        const runs = await new RunStore(db.sql).list(workspaceId, 20, schedule.id);
        const view = scheduleView(schedule, runPipeline);
        if (flags.json) return cli.print(JSON.stringify({ ...view, runs: runs.map((r) => ({ id: r.id, name: r.name, status: r.status, counts: r.counts })) }));
        cli.print(table(['', ''], [['name', schedule.name], ['cron', `${schedule.cron} (${schedule.timezone})`], ['enabled', schedule.enabled ? 'yes' : 'paused'],
          ['saved cursor', JSON.stringify(schedule.state ?? null)], ['skipped slots', schedule.skippedSlots], ['id', schedule.id]]));
        cli.print(`\nPipeline:\n${JSON.stringify(view.pipeline, null, 2)}`);
        cli.print(runs.length ? `\n${table(['run', 'name', 'status', 'read', 'created', 'updated', 'failed'], runs.map((r) => [r.id.slice(0, 8), r.name, r.status, r.counts.read, r.counts.created, r.counts.updated, r.counts.failed]))}` : '\nNo runs yet.');
      });
    });

  for (const [command, enabled, description] of [['pause', false, 'Stop running a schedule (its cursor is kept)'], ['resume', true, 'Run a paused schedule again']] as const) {
    schedules
      .command(command)
      .argument('<name-or-id>')
      .description(description)
      .action(async (which: string) => {
        await cli.withFerry(async (ctx) => {
          const store = new ScheduleStore(ctx.db.sql);
          const schedule = await findSchedule(store, ctx.workspaceId, which);
          await store.setEnabled(ctx.workspaceId, schedule.id, enabled);
          await syncQueue(ctx, (queue) => queue.register(ctx.workspaceId, { ...schedule, enabled }));
          cli.print(`${enabled ? 'Resumed' : 'Paused'} schedule ${schedule.name}.`);
        });
      });
  }

  schedules
    .command('remove')
    .argument('<name-or-id>')
    .description('Delete a schedule (its past runs stay in the history)')
    .action(async (which: string) => {
      await cli.withFerry(async (ctx) => {
        const store = new ScheduleStore(ctx.db.sql);
        const schedule = await findSchedule(store, ctx.workspaceId, which);
        await syncQueue(ctx, (queue) => queue.unregister(schedule.id));
        await store.remove(ctx.workspaceId, schedule.id);
        cli.print(`Removed schedule ${schedule.name}.`);
      });
    });

  schedules
    .command('run-now')
    .argument('<name-or-id>')
    .description('Run a schedule once now: queued for a worker with REDIS_URL, here without')
    .action(async (which: string) => {
      await cli.withFerry(async (ctx) => {
        const schedule = await findSchedule(new ScheduleStore(ctx.db.sql), ctx.workspaceId, which);
        if (ctx.env.REDIS_URL) {
          await syncQueue(ctx, (queue) => queue.runSlot(ctx.workspaceId, schedule.id));
          return cli.print(`Queued a run of ${schedule.name}; see it with: ferry schedules show ${schedule.name}`);
        }
        const slot = new Date();
        const { processSlot } = await import('@ferry/jobs');
        const outcome = await processSlot({ workspaceId: ctx.workspaceId, scheduleId: schedule.id, slot: slot.toISOString() }, slot, ctx);
        if (outcome.outcome === 'skipped') return cli.print(`Not run: ${outcome.reason}.`);
        if (outcome.outcome === 'awaiting_approval') {
          cli.print(approvalNotice(outcome.runId, outcome.approval));
          return;
        }
        const { result } = outcome;
        cli.print(runHeadline({ id: result.runId, name: result.name, status: result.status, dryRun: result.dryRun }));
        cli.print(result.error ? `\n${result.error.message} (${result.error.code})` : `\n${countsTable(result.counts, result.dryRun)}`);
        cli.exitCode = result.status === 'failed' ? EXIT.failed : result.status === 'completed_with_errors' ? EXIT.rowErrors : EXIT.ok;
      });
    });
}

/** What an admin reads when a sync holds back: what it would do, and the command that lets it go on. */
export function approvalNotice(runId: string, a: ApprovalCheck): string {
  return `Run ${runId} waits for approval: it would create ${a.wouldCreate} and update ${a.wouldUpdate} of ${a.existingRecords} records, `
    + `more than the schedule's ${Math.round(a.threshold * 100)}%. See the dry-run: ferry runs show ${a.checkRunId}. Let it go on: ferry runs approve ${runId}`;
}

function readPipeline(file: string): PipelineDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`There is no file at ${file}.`);
  }
  try {
    return JSON.parse(text) as PipelineDocument;
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

async function findSchedule(store: ScheduleStore, workspaceId: string, which: string): Promise<ScheduleRecord> {
  const schedule = await store.find(workspaceId, which);
  if (!schedule) throw new UsageError(`There is no schedule ${which}.`);
  return schedule;
}

/** With Redis, the queue's job schedulers follow every change at once; without, workers register schedules when they start. */
export async function syncQueue(ctx: FerryContext, change: (queue: ScheduleQueue) => Promise<void>): Promise<void> {
  if (!ctx.env.REDIS_URL) return;
  // Loaded only with Redis (BullMQ is slow to load, and most commands never queue).
  const { ScheduleQueue } = await import('@ferry/jobs');
  const queue = new ScheduleQueue(ctx.env.REDIS_URL, ctx.env.FERRY_QUEUE_PREFIX);
  try {
    await change(queue);
  } finally {
    await queue.close();
  }
}

/** As listings show it: secrets in the pipeline (an API token) redacted. */
function scheduleView(s: ScheduleRecord, runPipeline: RunPipeline) {
  const pipeline = runPipeline.redact(s.pipeline as unknown as PipelineDocument);
  return {
    id: s.id, name: s.name, cron: s.cron, timezone: s.timezone, enabled: s.enabled, changeThreshold: s.changeThreshold,
    state: s.state ?? null, skippedSlots: s.skippedSlots, pipeline,
  };
}
