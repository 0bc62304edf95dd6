import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from '../migrations';

/** Where to reach PostgreSQL: a server by URL, or the embedded one by its socket. */
export type DatabaseTarget = { url: string } | { socketDir: string };

export function ormOptions(target: DatabaseTarget): Options {
  const connection =
    'url' in target
      ? { clientUrl: target.url }
      : // PGlite answers one connection at a time.
        { host: target.socketDir, port: 5432, user: 'postgres', dbName: 'postgres', pool: { min: 1, max: 1 } };
  return defineConfig({
    ...connection,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    debug: false,
    allowGlobalContext: false,
  });
}
