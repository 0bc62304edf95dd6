import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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
  const releaseLock = lockDataDir(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (error) {
    releaseLock();
    throw error;
  }
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
      releaseLock();
    },
  };
}

/**
 * PGlite is one process's database: a second process opening the same data
 * folder would corrupt it. A lock file holding our pid keeps them apart; a
 * lock left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (holder && holder !== process.pid && isRunning(holder)) {
        throw new Error(
          `Another ferry process (pid ${holder}) is using the embedded database in ${path.dirname(dataDir)}. ` +
            'Wait for it to finish, or set DATABASE_URL to use a PostgreSQL server.',
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${path.dirname(dataDir)}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
