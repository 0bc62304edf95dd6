import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { ENTITIES } from '../entities';
import { loadMigrations } from '../migrations';

/** Where to reach PostgreSQL: a server by URL, or the embedded one by its socket. */
export type DatabaseTarget = { url: string } | { socketDir: string };

/** `withMigrations`: list the migration classes now (tools that diff or run migrations); openDatabase adds them only when needed. */
export function ormOptions(target: DatabaseTarget, withMigrations = false): Options {
  const connection =
    'url' in target
      ? { clientUrl: target.url }
      : // PGlite answers one connection at a time.
        { host: target.socketDir, port: 5432, user: 'postgres', dbName: 'postgres', pool: { min: 1, max: 1 } };
  return defineConfig({
    ...connection,
    entities: ENTITIES,
    // The Migrator is registered only when migrations are pending (see openDatabase): loading it costs every command a fifth of a second.
    migrations: { migrationsList: withMigrations ? loadMigrations() : [], transactional: true, allOrNothing: true, snapshot: false, silent: true },
    debug: false,
    allowGlobalContext: false,
  });
}
