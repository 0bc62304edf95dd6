import { readProgressionContent } from '@ferry/connectors/source-progression-workbook';
import { CatalogStore, ContentStore, contentTreeFrom, parseContentTree, type ContentNodeDraft, type ContentTreeFormat, type ContentTreeNode } from '@ferry/domain';
import { fileInput } from '@ferry/sdk';
import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { CliEnvironment } from '../cli-environment';
import { UsageError } from '../usage-error';

/** A tree description is a small file read whole; anything bigger is not one. */
const MAX_TREE_FILE = 10 * 1024 * 1024;

export function registerContent(program: Command, cli: CliEnvironment): void {
  const content = program.command('content').description("A product's content tree: programme → journey → activity");

  content
    .command('import')
    .argument('<file>', 'a JSON tree ([{ uuid, title, level, children }]), a CSV (uuid,title,level,parent_uuid) or a progression workbook (.xlsx)')
    .requiredOption('--product <name>', 'the product the content belongs to')
    .option('--format <format>', 'json, csv or xlsx (by default from the file name)')
    .description('Add or update content nodes by uuid; re-importing the same file changes nothing')
    .action(async (file: string, flags: { product: string; format?: string }) => {
      const nodes = await readTree(file, flags.format);
      await cli.withFerry(async ({ db, workspaceId }) => {
        const { product, counts } = await db.transaction(async (sql) => {
          const product = await new CatalogStore(sql).requireProduct(workspaceId, flags.product);
          return { product, counts: await new ContentStore(sql).importTree(workspaceId, product, nodes) };
        });
        cli.print(`Imported ${nodes.length} content node${nodes.length === 1 ? '' : 's'} into ${product.name}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged.`);
      });
    });

  content
    .command('show')
    .requiredOption('--product <name>', 'the product')
    .option('--json', 'print the tree as JSON (the shape content import takes)')
    .description("Show a product's content tree with uuids and levels")
    .action(async (flags: { product: string; json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const product = await new CatalogStore(db.sql).requireProduct(workspaceId, flags.product);
        const tree = await new ContentStore(db.sql).tree(workspaceId, product.id);
        if (flags.json) return cli.print(JSON.stringify(tree));
        if (tree.length === 0) return cli.print(`${product.name} has no content yet. Import it: ferry content import tree.json --product "${product.name}"`);
        cli.print(product.name);
        const lines: string[] = [];
        const walk = (nodes: ContentTreeNode[], depth: number) => {
          for (const node of nodes) {
            lines.push(`${'  '.repeat(depth)}${node.title}  (${node.level} ${node.uuid})`);
            walk(node.children, depth + 1);
          }
        };
        walk(tree, 1);
        cli.print(lines.join('\n'));
      });
    });
}

function readTreeFile(file: string, format?: string): { text: string; format: ContentTreeFormat } {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error();
    size = stat.size;
  } catch {
    throw new UsageError(`There is no file at ${file}.`);
  }
  if (size > MAX_TREE_FILE) throw new UsageError(`${path.basename(file)} is ${Math.round(size / 1048576)} MB; a content tree file has at most 10 MB.`);
  if (format !== undefined && format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv.');
  const text = readFileSync(file, 'utf8');
  const extension = path.extname(file).toLowerCase();
  const guessed: ContentTreeFormat = extension === '.json' ? 'json' : extension === '.csv' ? 'csv' : /^\uFEFF?\s*\[/.test(text) ? 'json' : 'csv';
  return { text, format: (format as ContentTreeFormat | undefined) ?? guessed };
}

/** A tree from a JSON or CSV description, or from a progression workbook's Programmes, Journeys and Activities sheets. */
async function readTree(file: string, format?: string): Promise<ContentNodeDraft[]> {
  if (format === 'xlsx' || (!format && /\.xlsx$/i.test(file))) {
    const { entries, problems } = await readProgressionContent(fileInput(file));
    return contentTreeFrom(entries, problems);
  }
  const { text, format: textFormat } = readTreeFile(file, format);
  return parseContentTree(text, textFormat);
}
