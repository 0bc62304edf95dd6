import { RunStore } from '@ferry/domain';
import type { PipelineDocument, RunResult } from '@ferry/engine';
import type { SourceInput } from '@ferry/sdk';
import type { CliEnvironment } from '../cli-environment';
import { EXIT, UsageError } from '../usage-error';
import { followRun } from './follow-run';
import { checkEmailTemplate, emailsAfterRun, emailsLine } from './run-emails';
import { progressBar, rowProgress } from './progress';
import { countsOnly, countsTable, issuePages, issuesTable, printJsonWithIssues, runHeadline } from './run-report';

const ISSUES_SHOWN = 20;

export interface RunAndReportOptions {
  input?: SourceInput;
  /** The input's absolute path: with REDIS_URL the run is queued and a worker reads the file from there. */
  inputPath?: string;
  /** Run here even with REDIS_URL: the input (standard input) cannot be handed to a worker. */
  inline?: boolean;
  /** Queue the run and return at once (REDIS_URL only). */
  detach?: boolean;
  /** Bytes to read, for the progress bar (files only). */
  size?: number;
  json?: boolean;
}

/**
 * Runs a pipeline and prints what happened: a summary table and the first
 * issues, or with `--json` one object with every issue. Returns the exit code
 * (0 clean, 3 row errors, 1 the run failed). Every command that runs a
 * pipeline (import, grant, progress moves) reports through here.
 */
export async function runAndReport(cli: CliEnvironment, pipeline: PipelineDocument, options: RunAndReportOptions = {}): Promise<number> {
  return cli.withFerry(async (ctx) => {
    const { runPipeline, workspaceId, db, env } = ctx;
    await checkEmailTemplate(ctx, pipeline);
    const runs = new RunStore(db.sql);
    let result: Pick<RunResult, 'runId' | 'name' | 'status' | 'dryRun' | 'counts' | 'error'>;
    if (env.REDIS_URL && !options.inline) {
      if (options.input && !options.inputPath) throw new UsageError('This input cannot be queued for a worker; unset REDIS_URL to run it here.');
      const runId = await runPipeline.enqueue({ workspaceId, pipeline, input: options.input && { label: options.input.label, path: options.inputPath! } });
      // Loaded only with Redis: BullMQ takes a third of a second to load, and most commands never queue.
      const { RunQueue } = await import('@ferry/jobs');
      const queue = new RunQueue(env.REDIS_URL, env.FERRY_QUEUE_PREFIX);
      try {
        await queue.add({ workspaceId, runId });
      } finally {
        await queue.close();
      }
      if (options.detach) {
        cli.print(options.json ? JSON.stringify({ runId, status: 'queued' }) : `Queued run ${runId}. Follow it with: ferry runs show ${runId} --follow`);
        return EXIT.ok;
      }
      const progress = rowProgress(!options.json && process.stderr.isTTY === true);
      const run = await followRun(db, workspaceId, runId, progress.listener);
      progress.stop();
      result = { runId, name: run.name, status: run.status, dryRun: run.dryRun, counts: run.counts, error: run.error ?? undefined };
    } else {
      if (options.detach) throw new UsageError('--detach needs REDIS_URL: without Redis the run executes here and now.');
      const progress = progressBar(options.size, !options.json && process.stderr.isTTY === true);
      result = await runPipeline.execute({ workspaceId, pipeline, input: options.input, onProgress: progress.listener });
      progress.stop();
    }
    const inline = !env.REDIS_URL || Boolean(options.inline);
    // Committed batches keep their emails even when the run failed later on.
    const emails = result.dryRun ? undefined : await emailsAfterRun(ctx, result.runId, { inline, showProgress: !options.json && process.stderr.isTTY === true });
    if (options.json) {
      const head = { runId: result.runId, name: result.name, status: result.status, dryRun: result.dryRun, counts: countsOnly(result.counts), ...(emails ? { emails: emails.counts } : {}) };
      await printJsonWithIssues(head, issuePages(runs, workspaceId, result.runId), result.error ? { error: result.error } : {});
    } else {
      cli.print(runHeadline({ id: result.runId, name: result.name, status: result.status, dryRun: result.dryRun }));
      if (result.error) cli.print(`\n${result.error.message} (${result.error.code})`);
      else cli.print(`\n${countsTable(result.counts, result.dryRun)}`);
      if (emails && emails.counts.queued + emails.counts.sent + emails.counts.failed > 0) {
        cli.print(`\n${emailsLine(emails.counts)}${emails.hint ? `. ${emails.hint}` : ''}`);
      }
      const issues = await runs.issues(workspaceId, result.runId, '0', ISSUES_SHOWN);
      if (issues.length) {
        cli.print(`\n${issuesTable(issues)}`);
        if (issues.length === ISSUES_SHOWN) cli.print(`… and maybe more: ferry runs show ${result.runId}`);
      }
    }
    if (result.status === 'failed') return EXIT.failed;
    return result.status === 'completed_with_errors' ? EXIT.rowErrors : EXIT.ok;
  });
}
