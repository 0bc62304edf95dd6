import { readPasted } from '@ferry/connectors/source-paste';
import { fileInput, FerryError, type SourceInput } from '@ferry/sdk';
import { Option, type Command } from 'commander';
import { detectFormat } from '@ferry/engine';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { CliEnvironment } from '../cli-environment';
import { runAndReport, type RunAndReportOptions } from '../output/run-and-report';
import { UsageError } from '../usage-error';
import { IMPORT_FORMATS, importPipeline, type ImportFlags, type ImportFormat } from './import-pipeline';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImport(program: Command, cli: CliEnvironment): void {
  program
    .command('import')
    .description('Import a file into a sink: crm-contacts (default), course-enrollment, progress, people, team-membership')
    .argument('<file>', 'a CSV file, an Excel workbook (.xlsx), or - for a table pasted on standard input')
    .addOption(new Option('--format <format>', 'how to read the file (from the file when not given; paste for -)').choices(IMPORT_FORMATS))
    .option('--sheet <name>', 'xlsx: a sheet to read (repeatable; default every visible sheet with data)', collect, [])
    .option('--sheet-value <Sheet:field=value>', 'xlsx: a value for every row of a sheet, e.g. "Parents:role=parent" (repeatable)', collect, [])
    .option('--header-row <n>', 'xlsx: the row holding the column names (default the first non-empty row)')
    .option('--kind <kind>', "json/ndjson: which records of Ferry's export to read: people, grants or completions")
    .option('--source-option <key=value>', "set any option of the source's config (repeatable; see ferry connectors)", collect, [])
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
    .option('--offer <name>', 'course-enrollment: the offer every row is granted')
    .option('--role <role>', 'people, course-enrollment, team-membership: the role of everyone in the file (student, instructor, parent, client, staff)')
    .option('--level <level>', 'progress: accept only content of this level (activity, journey, programme)')
    .option('--date-order <order>', 'progress: how to read dates like 03/04/2026 (day-first, month-first, auto)')
    .option('--create-teams', 'team-membership: create teams the file names that do not exist yet')
    .option('--notify', 'email the contacts this import creates (crm-contacts, people) or the access it grants (course-enrollment)')
    .option('--no-notify', 'send no emails (course-enrollment notifies by default)')
    .option('--language <code>', "the emails' language, e.g. de (default: each contact's own, else English)")
    .option('--template <name>', 'the email template: activation, invitation, access-granted, or one of the workspace (ferry emails templates)')
    .option('--option <key=value>', "set any option of the sink's config (repeatable; see ferry connectors)", collect, [])
    .option('--batch-size <n>', 'rows per transaction')
    .option('--json', 'print one JSON object instead of tables')
    .option('--detach', 'with REDIS_URL: queue the run for a worker and return at once')
    .action(async (file: string, flags: ImportFlags & { json?: boolean; detach?: boolean }) => {
      const stdin = file === '-';
      const onFile = stdin ? undefined : onDisk(file);
      const format = flags.format ?? (stdin ? 'paste' : detectFormat(file));
      if (stdin && format !== 'paste') throw new UsageError(`Standard input (-) is read as a pasted table (--format paste); save the ${format} file and import that.`);
      if (stdin && flags.detach) throw new UsageError('--detach cannot queue standard input for a worker: a pasted table is imported here and now.');
      // Flags are checked before anything is read from standard input.
      const pipeline = importPipeline(onFile?.input.label ?? PASTED, { ...flags, format, batchSize: flags.batchSize ?? String(cli.env.FERRY_BATCH_SIZE) });
      const { input, report } = onFile ?? (await pasted());
      cli.exitCode = await runAndReport(cli, pipeline, { ...report, input, json: flags.json, detach: flags.detach });
    });
}

const PASTED = 'pasted';

type Reading = { input: SourceInput; report: Pick<RunAndReportOptions, 'inputPath' | 'size' | 'inline'> };

function onDisk(file: string): Reading {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error();
    // With REDIS_URL a worker reads the file from its absolute path.
    return { input: fileInput(file), report: { inputPath: path.resolve(file), size: stat.size } };
  } catch {
    throw new UsageError(`There is no file at ${file}.`);
  }
}

/** Standard input, read whole: it cannot be opened twice or handed to a worker, so the run is inline. */
async function pasted(): Promise<Reading> {
  if (process.stdin.isTTY) process.stderr.write('Paste the table (a header row first), then press Ctrl-D.\n');
  try {
    return { input: await readPasted(process.stdin, PASTED), report: { inline: true } };
  } catch (error) {
    if (error instanceof FerryError) throw new UsageError(error.message);
    throw error;
  }
}
