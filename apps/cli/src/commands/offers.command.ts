import { CatalogStore } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { table } from '../output/table';

export function registerOffers(program: Command, cli: CliEnvironment): void {
  const offers = program.command('offers').description('Offers: what a student is given, granting one or more products');

  offers
    .command('add')
    .argument('<name>', 'the offer name, unique in the workspace (trimmed, any case)')
    .requiredOption('--products <names>', 'the products it grants, separated by semicolons: "Spanish A1; Spanish A2"')
    .description('Add an offer granting existing products')
    .action(async (name: string, flags: { products: string }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const offer = await new CatalogStore(db.sql).addOffer(workspaceId, name, flags.products.split(';'));
        cli.print(`Added offer ${offer.name}, granting ${offer.products.join(', ')}.`);
      });
    });

  offers
    .command('list', { isDefault: true })
    .description('List offers with their products and how many contacts have them')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const list = await new CatalogStore(db.sql).listOffers(workspaceId);
        if (flags.json) return cli.print(JSON.stringify(list));
        if (list.length === 0) return cli.print('No offers yet. Adding a product adds its own offer: ferry products add "Spanish A1"');
        cli.print(table(['name', 'products', 'granted to'], list.map((o) => [o.name, o.products.join(', '), o.grants])));
      });
    });
}
