import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { TEST_DATABASE_URL } from './test-database-url';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(REPO_ROOT, 'bin', 'ferry.js');

export interface FerryResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

/**
 * Runs the built `ferry` command as a process (the CLI is tested as users run it).
 * By default against the test PostgreSQL, in the given workspace.
 */
export function runFerry(args: string[], options: { workspace?: string; env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string } = {}): Promise<FerryResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: TEST_DATABASE_URL,
    ...(options.workspace ? { FERRY_WORKSPACE: options.workspace } : {}),
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd ?? REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code, stdout, stderr,
        json() {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`ferry ${args.join(' ')} printed no JSON (exit ${code}).\nstdout: ${stdout}\nstderr: ${stderr}`);
          }
        },
      }),
    );
    child.stdin.end(options.stdin ?? '');
  });
}
