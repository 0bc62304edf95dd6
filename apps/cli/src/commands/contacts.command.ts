import { contactProfile, pageContacts } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { table } from '../output/table';
import { UsageError } from '../usage-error';

export function registerContacts(program: Command, cli: CliEnvironment): void {
  const contacts = program
    .command('contacts')
    .description('The contacts the CRM holds')
    .enablePositionalOptions()
    .option('--tag <tag>', 'only contacts with this tag')
    .option('--json', 'print a JSON array')
    .action(async (flags: { tag?: string; json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        // Paged so a workspace of a million contacts prints in flat memory, in the order they were
        // created; the next page is read while this one is printed.
        const read = (afterId: string) => pageContacts(db.sql, workspaceId, { tag: flags.tag, afterId });
        let next = read('0');
        let count = 0;
        if (flags.json) process.stdout.write('[');
        for (;;) {
          const page = await next;
          if (page.length === 0) break;
          next = read(page[page.length - 1].id);
          if (flags.json) {
            const json = JSON.stringify(page.map((c) => ({ email: c.email, first_name: c.first_name, last_name: c.last_name, phone: c.phone, tags: c.tags, fields: c.fields })));
            process.stdout.write((count ? ',' : '') + json.slice(1, -1));
          } else {
            cli.print(table(['email', 'first name', 'last name', 'phone', 'tags', 'fields'],
              page.map((c) => [c.email, c.first_name, c.last_name, c.phone, c.tags.join(', '), Object.keys(c.fields).length ? JSON.stringify(c.fields) : ''])));
          }
          count += page.length;
        }
        if (flags.json) process.stdout.write(']\n');
        else cli.print(`${count} contact${count === 1 ? '' : 's'}${flags.tag ? ` tagged ${flags.tag}` : ''}`);
      });
    });

  contacts
    .command('show')
    .description('One person: roles, tags, fields, offers, teams, parents, instructors, students, completions')
    .argument('<email-or-username>', 'matched case-insensitively')
    .option('--json', 'print JSON')
    .action(async (who: string, flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const profile = await contactProfile(db.sql, workspaceId, who);
        if (!profile) throw new UsageError(`There is no contact ${who}.`);
        if (flags.json) return cli.print(JSON.stringify(profile));
        const list = (values: string[]) => values.join(', ');
        cli.print(table(['', ''], [
          ['email', profile.email], ['username', profile.username],
          ['name', [profile.first_name, profile.last_name].filter(Boolean).join(' ')], ['phone', profile.phone],
          ['roles', list(profile.roles)], ['tags', list(profile.tags)],
          ['fields', Object.keys(profile.fields).length ? JSON.stringify(profile.fields) : ''],
          ['offers', list(profile.offers)], ['teams', list(profile.teams)],
          ['parents', list(profile.parents)], ['instructors', list(profile.instructors)],
          ['students', list(profile.students.map((s) => `${s.student} (as ${s.kind})`))],
          ['completions', profile.completions],
        ]));
      });
    });
}
