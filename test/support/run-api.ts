import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, runFerry } from './run-ferry';
import { TEST_DATABASE_URL } from './test-database-url';

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `ferry-api` as a process on any free port, and waits until it says where it listens. */
export async function startApi(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'ferry-api.js')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: TEST_DATABASE_URL, FERRY_API_PORT: '0', ...env },
    cwd: REPO_ROOT,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const check = setInterval(() => {
      const found = /ferry api listening on (\S+)/.exec(output);
      if (found) {
        clearInterval(check);
        resolve(found[1]);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(check);
      reject(new Error(`the API exited before it listened:\n${output}`));
    });
  });
  return {
    child, url, output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A new workspace and an API key for it, made with the CLI as an operator would. */
export async function workspaceWithKey(slug: string, role: 'admin' | 'viewer' = 'admin'): Promise<string> {
  const added = await runFerry(['workspaces', 'add', slug]);
  if (added.code !== 0 && !/already/.test(added.stderr)) throw new Error(added.stderr);
  return (await runFerry(['keys', 'create', '--workspace', slug, '--role', role, '--json'])).json<{ key: string }>().key;
}

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** A small client: JSON in, JSON (or text) out, with the key. */
export function apiClient(base: string, key?: string) {
  const call = async <T = any>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> => {
    const init: RequestInit = { method, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } };
    if (body instanceof FormData) init.body = body;
    else if (typeof body === 'string') init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${base}${route}`, init);
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (a CSV report)
    }
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  };
  return {
    get: <T = any>(route: string) => call<T>('GET', route),
    post: <T = any>(route: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', route, body, headers),
    patch: <T = any>(route: string, body?: unknown) => call<T>('PATCH', route, body),
    delete: <T = any>(route: string) => call<T>('DELETE', route),
    /** The raw response, for binary bodies (an XLSX report). */
    raw: (route: string) => fetch(`${base}${route}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
    upload: <T = any>(name: string, content: Buffer | string) => {
      const form = new FormData();
      form.append('file', new Blob([content]), name);
      return call<T>('POST', '/uploads', form);
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Polls an import until its status is one of `statuses`. */
export async function waitForImport(api: ApiClient, id: string, statuses: string[], what = 'the import', timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await api.get(`/imports/${id}`);
    if (statuses.includes(answer.body.status)) {
      // A confirmed import is followed until its run ends.
      const run = answer.body.run;
      if (answer.body.status !== 'confirmed' || ['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(run?.status)) return answer.body;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not reach ${statuses.join('/')}: ${JSON.stringify(answer.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
