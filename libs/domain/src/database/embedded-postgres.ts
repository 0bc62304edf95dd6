import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface EmbeddedPostgres {
  /** Directory of the unix socket; the pg driver connects with `host` = this, port 5432. */
  socketDir: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL in-process (PGlite, data in `<home>/pgdata`) and serves it
 * on a private unix socket so the ordinary pg driver, and so MikroORM, talk to
 * it exactly as to a server. PGlite serves one connection at a time: use a pool
 * of one.
 */
export async function startEmbeddedPostgres(home: string): Promise<EmbeddedPostgres> {
  const dataDir = path.join(home, 'pgdata');
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // A socket under the system temp dir: socket paths are limited to ~100 bytes.
  const socketDir = mkdtempSync(path.join(tmpdir(), 'ferry-pg-'));
  const server = new PGLiteSocketServer({ db, path: path.join(socketDir, '.s.PGSQL.5432') });
  await server.start();
  return {
    socketDir,
    async stop() {
      await server.stop();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
