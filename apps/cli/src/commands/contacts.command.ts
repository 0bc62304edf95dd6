import { pageContacts } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { table } from '../output/table';

export function registerContacts(program: Command, cli: CliEnvironment): void {
  program
    .command('contacts')
    .description('The contacts the CRM holds')
    .option('--tag <tag>', 'only contacts with this tag')
    .option('--json', 'print a JSON array')
    .action(async (flags: { tag?: string; json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        // Paged so a workspace of a million contacts prints in flat memory.
        let after = '0';
        let count = 0;
        if (flags.json) process.stdout.write('[');
        for (;;) {
          const page = await pageContacts(db.sql, workspaceId, { tag: flags.tag, afterId: after });
          if (page.length === 0) break;
          after = page[page.length - 1].id;
          if (flags.json) {
            const json = page.map(({ email, first_name, last_name, phone, tags, fields }) => JSON.stringify({ email, first_name, last_name, phone, tags, fields }));
            process.stdout.write((count ? ',' : '') + json.join(','));
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
}
