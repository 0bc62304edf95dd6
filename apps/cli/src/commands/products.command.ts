import { CatalogStore } from '@ferry/domain';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { table } from '../output/table';

export function registerProducts(program: Command, cli: CliEnvironment): void {
  const products = program.command('products').description('Products (courses), each with a content tree');

  products
    .command('add')
    .argument('<name>', 'the product name, unique in the workspace (trimmed, any case)')
    .description('Add a product, and its own offer of the same name')
    .action(async (name: string) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const product = await new CatalogStore(db.sql).addProduct(workspaceId, name);
        cli.print(`Added product ${product.name}, with its offer ${product.name}.`);
      });
    });

  products
    .command('list', { isDefault: true })
    .description('List products with their content size and the offers that grant them')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const list = await new CatalogStore(db.sql).listProducts(workspaceId);
        if (flags.json) return cli.print(JSON.stringify(list));
        if (list.length === 0) return cli.print('No products yet. Add one: ferry products add "Spanish A1"');
        cli.print(table(['name', 'content nodes', 'offers'], list.map((p) => [p.name, p.contentNodes, p.offers.join(', ')])));
      });
    });
}
