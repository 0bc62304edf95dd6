import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, runFerry } from '../support/run-ferry';

// The README's first command: no DATABASE_URL, so Ferry runs on its embedded PostgreSQL in FERRY_HOME.
// Each command starts PGlite afresh (seconds on a busy machine): a generous limit, so load never fails it.
jest.setTimeout(240_000);

describe('the embedded default (PGlite)', () => {
  it('imports the sample file and keeps the data between commands', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ferry-home-'));
    const env = { DATABASE_URL: undefined, FERRY_HOME: home };
    const sample = path.join(REPO_ROOT, 'templates/samples/contacts.csv');
    const run = await runFerry(['import', sample, '--name', 'Sample', '--default-country', 'GB', '--json'], { env });
    expect(run.json()).toMatchObject({ status: 'completed_with_errors', counts: { created: 5, failed: 1 } });
    const contacts = (await runFerry(['contacts', '--json'], { env })).json();
    expect(contacts.map((c: any) => c.email)).toContain('grace.hopper@example.com');
    const again = await runFerry(['import', sample, '--name', 'Sample again', '--default-country', 'GB', '--json'], { env });
    expect(again.json().counts.created).toBe(0);
    const runs = (await runFerry(['runs', '--json'], { env })).json();
    expect(runs.map((r: any) => r.name)).toEqual(['Sample again', 'Sample']);
  });

  it('keeps a second process off the embedded database while one is using it, saying why', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ferry-home-'));
    const env = { DATABASE_URL: undefined, FERRY_HOME: home };
    const big = path.join(home, 'many.csv');
    writeFileSync(big, `email\n${Array.from({ length: 30_000 }, (_, i) => `p${i}@example.com`).join('\n')}\n`);
    const first = runFerry(['import', big, '--json'], { env });
    const lock = path.join(home, 'pgdata.lock');
    for (let i = 0; i < 600 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(lock)).toBe(true);
    const second = await runFerry(['runs'], { env });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/Another ferry process \(pid \d+\) is using the embedded database/);
    expect((await first).json().counts.created).toBe(30_000);
    expect((await runFerry(['runs', '--json'], { env })).json()).toHaveLength(1);
  });
});
