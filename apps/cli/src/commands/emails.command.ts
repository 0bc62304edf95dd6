import { EmailOutboxStore, EmailRateStore, EmailTemplateStore, LANGUAGE_CODE, RunStore, TEMPLATE_NAME } from '@ferry/domain';
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { CliEnvironment } from '../cli-environment';
import { sendHere } from '../output/run-emails';
import { table } from '../output/table';
import { UsageError } from '../usage-error';
import { findRun } from './runs.command';

/** Loaded when needed: handlebars and nodemailer cost start-up time other commands never use. */
const notify = () => import('@ferry/notify');

export function registerEmails(program: Command, cli: CliEnvironment): void {
  const emails = program.command('emails').description('Emails imports send: what a run sent, previews, templates, sending and the rate');

  emails
    .command('list')
    .description('The emails a run wrote: status, recipient, template, language, attempts, error')
    .requiredOption('--run <id>', 'the run id, or its first characters')
    .option('--json', 'print a JSON array')
    .action(async (flags: { run: string; json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const run = await findRun(new RunStore(db.sql), workspaceId, flags.run);
        const outbox = new EmailOutboxStore(db.sql);
        let count = 0;
        if (flags.json) process.stdout.write('[');
        // Paged: a run of 50,000 contacts lists in flat memory.
        for (let after = '0'; ; ) {
          const page = await outbox.listForRun(workspaceId, run.id, after);
          if (page.length === 0) break;
          after = page[page.length - 1].id;
          if (flags.json) {
            const rows = page.map((m) => JSON.stringify({ ...m, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null }));
            process.stdout.write((count ? ',' : '') + rows.join(','));
          } else {
            cli.print(table(['status', 'recipient', 'template', 'language', 'attempts', 'sent', 'error'],
              page.map((m) => [m.status, m.recipient, m.template, m.language, m.attempts, m.sentAt?.toISOString().slice(0, 19).replace('T', ' '), m.error]), 80));
          }
          count += page.length;
        }
        if (flags.json) process.stdout.write(']\n');
        else if (count === 0) cli.print(`Run ${run.id} wrote no emails.`);
      });
    });

  emails
    .command('preview')
    .description('Render a template for a real contact: subject, text and HTML')
    .argument('<template>', 'activation, invitation, access-granted, or one of the workspace')
    .requiredOption('--contact <email>', 'the contact it is rendered for')
    .option('--language <code>', "the language (default: the contact's own, else English)")
    .option('--offer <name>', 'access emails: the offer it is about')
    .option('--json', 'print { to, language, subject, text, html }')
    .action(async (template: string, flags: { contact: string; language?: string; offer?: string; json?: boolean }) => {
      if (flags.language && !LANGUAGE_CODE.test(flags.language)) throw new UsageError(`--language takes a language code such as en or de, got "${flags.language}".`);
      await cli.withFerry(async ({ db, workspaceId, env }) => {
        const { previewEmail, TemplateCatalog } = await notify();
        const email = await previewEmail(db.sql, new TemplateCatalog(), {
          workspaceId, template, email: flags.contact, language: flags.language, offer: flags.offer, appUrl: env.FERRY_APP_URL,
        });
        if (flags.json) return cli.print(JSON.stringify(email));
        cli.print(`To: ${email.to}\nLanguage: ${email.language}\nSubject: ${email.subject}\n\n--- text ---\n${email.text}\n\n--- html ---\n${email.html}`);
      });
    });

  emails
    .command('send')
    .description('Send the emails waiting in the outbox now, at the workspace\'s rate (what a worker does by itself)')
    .option('--json', 'print { sent, failed, waiting }')
    .action(async (flags: { json?: boolean }) => {
      await cli.withFerry(async (ctx) => {
        const report = await sendHere(ctx, !flags.json && process.stderr.isTTY === true);
        if (!report) throw new UsageError('FERRY_SMTP_HOST is not set: Ferry has no mail server to send through (see the README).');
        if (flags.json) return cli.print(JSON.stringify(report));
        cli.print(`${report.sent} sent, ${report.failed} failed${report.waiting ? `, ${report.waiting} waiting for a retry` : ''}.`);
      });
    });

  const templates = emails
    .command('templates')
    .description("The templates there are: Ferry's own and the workspace's")
    .enablePositionalOptions()
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const { TemplateCatalog } = await notify();
        const builtIn = [...new TemplateCatalog().builtIn()].map(([name, languages]) => ({ name, languages, origin: 'built-in' }));
        const own = await new EmailTemplateStore(db.sql).list(workspaceId);
        const mine = [...new Set(own.map((t) => t.name))].map((name) => ({ name, languages: own.filter((t) => t.name === name).map((t) => t.language), origin: 'workspace' }));
        const all = [...builtIn, ...mine];
        if (flags.json) return cli.print(JSON.stringify(all));
        cli.print(table(['name', 'languages', 'from'], all.map((t) => [t.name, t.languages.join(', '), t.origin])));
      });
    });

  templates
    .command('add')
    .description("Add a template of the workspace's own (or its version of a built-in one) in one language; replaces an earlier one")
    .argument('<name>', 'lower-case letters, digits and dashes')
    .requiredOption('--language <code>', 'its language, e.g. en or de (English is the fallback for every other)')
    .requiredOption('--file <file.hbs>', 'the template: subject, html and text sections (see templates/email/README.md)')
    .action(async (name: string, flags: { language: string; file: string }) => {
      if (!TEMPLATE_NAME.test(name)) throw new UsageError(`A template name has lower-case letters, digits and dashes, got "${name}".`);
      if (!LANGUAGE_CODE.test(flags.language)) throw new UsageError(`--language takes a language code such as en or de, got "${flags.language}".`);
      let source: string;
      try {
        source = readFileSync(flags.file, 'utf8');
      } catch {
        throw new UsageError(`There is no file at ${flags.file}.`);
      }
      await cli.withFerry(async ({ db, workspaceId }) => {
        const { TemplateCatalog } = await notify();
        // Refused whole (exit 2) when a section is missing, it does not compile, or it would insert a value unescaped.
        new TemplateCatalog().check(source, flags.file);
        await new EmailTemplateStore(db.sql).save(workspaceId, { name, language: flags.language.toLowerCase(), source });
        cli.print(`Saved template ${name} (${flags.language.toLowerCase()}).`);
      });
    });

  templates
    .command('remove')
    .description("Remove the workspace's version of a template in one language (Ferry's own applies again)")
    .argument('<name>')
    .requiredOption('--language <code>', 'its language')
    .action(async (name: string, flags: { language: string }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        if (!(await new EmailTemplateStore(db.sql).remove(workspaceId, name, flags.language.toLowerCase()))) {
          throw new UsageError(`The workspace has no template ${name} in ${flags.language}.`);
        }
        cli.print(`Removed template ${name} (${flags.language.toLowerCase()}).`);
      });
    });

  emails
    .command('rate')
    .description('Emails the workspace sends a minute at most: show it, or set it')
    .argument('[perMinute]', 'a whole number, or "default" for FERRY_EMAIL_RATE_PER_MINUTE')
    .action(async (perMinute: string | undefined) => {
      const value = perMinute === undefined || perMinute === 'default' ? null : Number(perMinute);
      if (value !== null && (!Number.isInteger(value) || value < 1 || value > 1_000_000)) throw new UsageError(`The rate is a whole number of emails a minute (1 to 1,000,000), got "${perMinute}".`);
      await cli.withFerry(async ({ db, workspaceId, env }) => {
        const rates = new EmailRateStore(db.sql);
        if (perMinute !== undefined) await rates.setRate(workspaceId, value, value ?? env.FERRY_EMAIL_RATE_PER_MINUTE);
        const own = await rates.rate(workspaceId);
        cli.print(`${own ?? env.FERRY_EMAIL_RATE_PER_MINUTE} emails a minute${own === null ? ' (the default, FERRY_EMAIL_RATE_PER_MINUTE)' : ''}.`);
      });
    });
}
