import { resolveConfig } from '@ferry/sdk';
import { Option, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import type { CliEnvironment } from '../cli-environment';
import { sinkTemplate, templateCsv, templateWorkbook, type TemplateTable } from '@ferry/workflows';
import { UsageError } from '../usage-error';

type TemplateFormat = 'csv' | 'xlsx';

export function registerTemplate(program: Command, cli: CliEnvironment): void {
  program
    .command('template')
    .description("Write a sample file for a sink: its columns (required first, then the workspace's custom fields) and an example row")
    .argument('<sink>', 'crm-contacts, course-enrollment, progress, people, team-membership, or an installed sink')
    .addOption(new Option('--format <format>', 'csv or xlsx (default: from --out, else csv)').choices(['csv', 'xlsx']))
    .option('--out <file>', 'the file to write (default: standard output; a workbook only when redirected)')
    .action(async (sinkName: string, flags: { format?: TemplateFormat; out?: string }) => {
      const sink = cli.registry.get('sink', sinkName);
      const format: TemplateFormat = flags.format ?? (flags.out && /\.xlsx$/i.test(flags.out) ? 'xlsx' : 'csv');
      if (format === 'xlsx' && !flags.out && process.stdout.isTTY) {
        throw new UsageError('A workbook is binary: give --out <file.xlsx>, or redirect the output to a file.');
      }
      const fields = await cli.withFerry(({ db, workspaceId }) =>
        sink.fields(resolveConfig(sink, {}), { workspaceId, runId: '', dryRun: true, db: db.sql }),
      );
      const tables = sinkTemplate(sinkName, fields, format);
      const bytes = format === 'xlsx' ? await templateWorkbook(tables) : Buffer.from(templateCsv(tables[0]));
      // Without --out the file is the output, so the note goes to stderr.
      const note = importNote(sinkName, format, tables, flags.out);
      if (flags.out) {
        // A BOM, so Excel opens a UTF-8 CSV with its umlauts intact (Ferry reads it either way).
        try {
          writeFileSync(flags.out, format === 'csv' ? Buffer.concat([Buffer.from('\ufeff'), bytes]) : bytes);
        } catch (error) {
          throw new UsageError(`Cannot write ${flags.out}: ${(error as Error).message}`);
        }
        cli.print(note);
      } else {
        process.stdout.write(bytes);
        process.stderr.write(`${note}\n`);
      }
    });
}

/** What was written and the command that imports it (for people's tabs, the `--sheet-value` flags that set each tab's role). */
function importNote(sink: string, format: TemplateFormat, tables: TemplateTable[], out: string | undefined): string {
  const file = out ? shellWord(out) : `<file.${format}>`;
  const what = format === 'xlsx' ? `tabs ${tables.map((t) => t.sheet).join(', ')}` : `columns ${tables[0].headers.join(', ')}`;
  const sheetValues = tables.flatMap((t) => Object.entries(t.sheetValues ?? {}).map(([field, value]) => ` --sheet-value "${t.sheet}:${field}=${value}"`));
  const lines = [
    `${out ? `Wrote ${out}` : `A ${sink} template`}: ${what}.`,
    'Replace the examples with your rows, then import it with:',
    `  ferry import ${file} --into ${sink}${sheetValues.join('')}`,
  ];
  if (sheetValues.length) lines.push('Each tab sets the role of its rows; a Role column in a tab wins where it is filled in.');
  return lines.join('\n');
}

const shellWord = (word: string) => (/^[\w./:=@-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, '\\$1')}"`);
