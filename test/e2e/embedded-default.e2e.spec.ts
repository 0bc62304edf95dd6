import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, runFerry } from '../support/run-ferry';

// The README's first command: no DATABASE_URL, so Ferry runs on its embedded PostgreSQL in FERRY_HOME.
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
});
