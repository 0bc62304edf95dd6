import type { SqlClient } from '@ferry/sdk';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import type { FerryEnv } from './ferry-env';
import { ormOptions } from './orm-options';
import { loadMigrations, MIGRATION_NAMES } from '../migrations';

/** An open database: the ORM, plain SQL access, and per-batch transactions. */
export interface Database {
  readonly orm: MikroORM;
  /** Runs each statement on its own (autocommit). */
  readonly sql: SqlClient;
  /** Runs `work` in one transaction, with an SqlClient bound to it. */
  transaction<T>(work: (sql: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL in FERRY_HOME,
 * and applies pending migrations (never schema sync).
 */
export async function openDatabase(env: Pick<FerryEnv, 'DATABASE_URL' | 'FERRY_HOME'>): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  if (!env.DATABASE_URL) embedded = await startEmbeddedPostgres(env.FERRY_HOME);
  try {
    const orm = await MikroORM.init(ormOptions(env.DATABASE_URL ? { url: env.DATABASE_URL } : { socketDir: embedded!.socketDir }));
    await migrateIfBehind(orm);
    return {
      orm,
      sql: sqlClient(orm.em.fork()),
      transaction: (work) => orm.em.fork().transactional((em) => work(sqlClient(em))),
      async close() {
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/**
 * Plain SQL with real bind parameters. (MikroORM's `execute` inlines parameters
 * into the SQL text, which for a batch sent as one JSON value means escaping
 * a megabyte string per statement; knex's raw query sends them separately.)
 */
function sqlClient(em: EntityManager): SqlClient {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const query = em.getConnection().getKnex().raw(sql, params as never);
      const transaction = em.getTransactionContext();
      if (transaction) query.transacting(transaction);
      const result = (await query) as { rows: T[] };
      return result.rows;
    },
  };
}

/**
 * Applies pending migrations. Most commands find none: one query says so,
 * and the migrator (umzug and its command-line parser) is loaded only when
 * there is something to apply.
 */
async function migrateIfBehind(orm: MikroORM): Promise<void> {
  let applied = new Set<string>();
  try {
    const rows = await orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations');
    applied = new Set(rows.map((row) => row.name.replace(/\.[jt]s$/, '')));
  } catch {
    // No table yet: a new database.
  }
  if (MIGRATION_NAMES.every((name) => applied.has(name))) return;
  const { Migrator } = await import('@mikro-orm/migrations');
  orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList: loadMigrations() });
  Migrator.register(orm);
  await orm.getMigrator().up();
}
