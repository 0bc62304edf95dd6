import { RunStore } from '@ferry/domain';
import { fileInput } from '@ferry/sdk';
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import type { CliEnvironment } from '../cli-environment';
import { progressBar } from '../output/progress';
import { countsOnly, countsTable, issuePages, issuesTable, printJsonWithIssues, runHeadline } from '../output/run-report';
import { EXIT, UsageError } from '../usage-error';
import { importPipeline, type ImportFlags } from './import-pipeline';

const ISSUES_SHOWN = 20;
const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImport(program: Command, cli: CliEnvironment): void {
  program
    .command('import')
    .description('Import a file into a sink (crm-contacts by default)')
    .argument('<file>', 'a CSV file')
    .option('--into <sink>', 'the sink to write to', 'crm-contacts')
    .option('--name <name>', 'a name for this import, shown in `ferry runs`')
    .option('--tag <tag>', 'a tag for every imported row (repeatable)', collect, [])
    .option('--default-country <code>', 'country for phone numbers without +, e.g. GB')
    .option('--map <Header=field>', 'map a column to a field, tags, a custom field, or skip (repeatable)', collect, [])
    .option('--only-mapped', 'import only the columns named with --map (no suggestions)')
    .option('--only-new', 'leave existing contacts untouched; only add new ones')
    .option('--dry-run', 'validate and classify every row, write nothing')
    .option('--delimiter <char>', 'the CSV delimiter (detected when not given)')
    .option('--encoding <name>', 'the file encoding (detected when not given)')
    .option('--no-header', 'the file has no header row')
    .option('--batch-size <n>', 'rows per transaction')
    .option('--json', 'print one JSON object instead of tables')
    .action(async (file: string, flags: ImportFlags & { json?: boolean }) => {
      let size: number;
      try {
        const stat = statSync(file);
        if (!stat.isFile()) throw new Error();
        size = stat.size;
      } catch {
        throw new UsageError(`There is no file at ${file}.`);
      }
      const input = fileInput(file);
      const pipeline = importPipeline(input.label, { ...flags, batchSize: flags.batchSize ?? String(cli.env.FERRY_BATCH_SIZE) });

      cli.exitCode = await cli.withFerry(async ({ runPipeline, workspaceId, db }) => {
        const progress = progressBar(size, !flags.json && process.stderr.isTTY === true);
        const result = await runPipeline.execute({ workspaceId, pipeline, input, onProgress: progress.listener });
        progress.stop();
        const runs = new RunStore(db.sql);
        if (flags.json) {
          const head = { runId: result.runId, name: result.name, status: result.status, dryRun: result.dryRun, counts: countsOnly(result.counts) };
          await printJsonWithIssues(head, issuePages(runs, workspaceId, result.runId), result.error ? { error: result.error } : {});
        } else {
          cli.print(runHeadline({ id: result.runId, name: result.name, status: result.status, dryRun: result.dryRun }));
          if (result.error) cli.print(`\n${result.error.message} (${result.error.code})`);
          else cli.print(`\n${countsTable(result.counts, result.dryRun)}`);
          const issues = await runs.issues(workspaceId, result.runId, '0', ISSUES_SHOWN);
          if (issues.length) {
            cli.print(`\n${issuesTable(issues)}`);
            const total = result.counts.failed + result.counts.warnings;
            if (total > ISSUES_SHOWN) cli.print(`… and more: ferry runs show ${result.runId}`);
          }
        }
        if (result.status === 'failed') return EXIT.failed;
        return result.counts.failed > 0 ? EXIT.rowErrors : EXIT.ok;
      });
    });
}
