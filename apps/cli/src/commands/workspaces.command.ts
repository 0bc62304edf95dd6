import { API_KEY_ROLES, ApiKeyStore, WorkspaceStore, type ApiKeyRole } from '@ferry/domain';
import type { SqlClient } from '@ferry/sdk';
import { Option, type Command } from 'commander';
import type { CliEnvironment } from '../cli-environment';
import { table } from '../output/table';
import { UsageError } from '../usage-error';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `ferry workspaces`: one per school. The CLI works in FERRY_WORKSPACE; API keys reach exactly one. */
export function registerWorkspaces(program: Command, cli: CliEnvironment): void {
  const workspaces = program.command('workspaces').description('Workspaces: one per school; each API key belongs to one');

  workspaces
    .command('add')
    .argument('<slug>', 'a lower-case name: letters, digits and -')
    .option('--name <name>', 'a display name (the slug when not given)')
    .description('Add a workspace')
    .action(async (slug: string, flags: { name?: string }) => {
      if (!SLUG.test(slug)) throw new UsageError(`A workspace slug holds lower-case letters, digits and -, at most 63 characters; got "${slug}".`);
      await cli.withFerry(async ({ db }) => {
        const created = await new WorkspaceStore(db.sql).create(slug, flags.name?.trim() || slug);
        if (!created) throw new UsageError(`There is a workspace ${slug} already.`);
        cli.print(`Added workspace ${slug}. Create a key for it: ferry keys create --workspace ${slug} --role admin`);
      });
    });

  workspaces
    .command('list', { isDefault: true })
    .option('--json', 'print JSON')
    .description('List workspaces')
    .action(async (flags: { json?: boolean }) => {
      await cli.withFerry(async ({ db }) => {
        const list = await new WorkspaceStore(db.sql).list();
        if (flags.json) return cli.print(JSON.stringify(list));
        cli.print(table(['slug', 'name', 'created'], list.map((w) => [w.slug, w.name, w.createdAt.slice(0, 10)])));
      });
    });

  const keys = program.command('keys').description("API keys: each belongs to one workspace and a role (admin, or viewer that only reads)");
  const workspaceOption = () => new Option('--workspace <slug>', 'the workspace (FERRY_WORKSPACE when not given)');

  keys
    .command('create')
    .addOption(workspaceOption())
    .addOption(new Option('--role <role>', 'admin, or viewer (read only)').choices(API_KEY_ROLES as string[]).default('admin'))
    .option('--label <text>', 'what the key is for, shown in ferry keys list')
    .option('--json', 'print JSON')
    .description('Create an API key; it is shown once and stored only as a hash')
    .action(async (flags: { workspace?: string; role: ApiKeyRole; label?: string; json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const id = await workspaceIdOf(db.sql, flags.workspace, workspaceId);
        const key = await new ApiKeyStore(db.sql).create(id, flags.role, flags.label);
        if (flags.json) return cli.print(JSON.stringify({ id: key.id, key: key.key, role: flags.role }));
        cli.print(`Created ${flags.role} key ${key.prefix}… (id ${key.id}). Copy it now; it is not shown again:\n\n  ${key.key}\n`);
      });
    });

  keys
    .command('list', { isDefault: true })
    .addOption(workspaceOption())
    .option('--json', 'print JSON')
    .description("List a workspace's keys (their first characters only)")
    .action(async (flags: { workspace?: string; json?: boolean }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const list = await new ApiKeyStore(db.sql).list(await workspaceIdOf(db.sql, flags.workspace, workspaceId));
        if (flags.json) return cli.print(JSON.stringify(list));
        cli.print(table(['id', 'key', 'role', 'label', 'created', 'revoked'], list.map((k) => [k.id, `${k.prefix}…`, k.role, k.label ?? '', k.createdAt.slice(0, 16), k.revokedAt?.slice(0, 16) ?? ''])));
      });
    });

  keys
    .command('revoke')
    .argument('<id>', "the key's id, or its first characters as listed")
    .addOption(workspaceOption())
    .description('Revoke a key: requests with it are refused from now on')
    .action(async (idOrPrefix: string, flags: { workspace?: string }) => {
      await cli.withFerry(async ({ db, workspaceId }) => {
        const found = await new ApiKeyStore(db.sql).revoke(await workspaceIdOf(db.sql, flags.workspace, workspaceId), idOrPrefix.replace(/…$/, ''));
        if (found.length === 0) throw new UsageError(`No key ${idOrPrefix} in this workspace.`);
        if (found.length > 1) throw new UsageError(`More than one key starts with ${idOrPrefix}; give its id.`);
        cli.print(`Revoked key ${found[0].prefix}… (${found[0].id}).`);
      });
    });
}

async function workspaceIdOf(sql: SqlClient, slug: string | undefined, current: string): Promise<string> {
  if (!slug) return current;
  const workspace = await new WorkspaceStore(sql).findBySlug(slug);
  if (!workspace) throw new UsageError(`There is no workspace ${slug}. Add it: ferry workspaces add ${slug}`);
  return workspace.id;
}
