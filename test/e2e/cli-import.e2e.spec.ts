import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, runFerry } from '../support/run-ferry';
import { uniqueSlug } from '../support/test-database';

const SAMPLE = path.join(REPO_ROOT, 'templates/samples/contacts.csv');
const dir = mkdtempSync(path.join(tmpdir(), 'ferry-e2e-'));
function csv(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('ferry import (the CLI as a process, on real PostgreSQL)', () => {
  it('imports the sample: maps German headers, normalises phones, tags, merges the duplicate, reports bad rows by spreadsheet row', async () => {
    const workspace = uniqueSlug('cli');
    const run = await runFerry(['import', SAMPLE, '--name', 'Spring migration', '--tag', 'spring-2026', '--default-country', 'GB',
      '--map', 'Kurs=tags', '--map', 'Newsletter=skip', '--json'], { workspace });
    expect(run.code).toBe(3);
    const result = run.json();
    expect(result).toMatchObject({ name: 'Spring migration', status: 'completed_with_errors',
      counts: { read: 7, created: 5, updated: 1, unchanged: 0, skipped: 0, failed: 1 } });
    expect(result.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 6, column: 'E-Mail', value: 'not-an-email', code: 'invalid_email', severity: 'error' }),
      expect.objectContaining({ row: 7, code: 'duplicate_email', severity: 'warning' }),
      expect.objectContaining({ row: 8, column: 'Telefon', value: 'call me', code: 'invalid_phone', severity: 'warning' }),
    ]));

    const contacts = (await runFerry(['contacts', '--json'], { workspace })).json();
    expect(contacts).toHaveLength(5);
    const ada = contacts.find((c: any) => c.email === 'ada.lovelace@example.com');
    expect(ada).toEqual({ email: 'ada.lovelace@example.com', first_name: 'Ada', last_name: 'Lovelace', phone: '+447700900123',
      tags: expect.arrayContaining(['Mathematics', 'Poetry', 'Engineering', 'spring-2026']), fields: {} });
    expect(ada.tags).toHaveLength(4);
    expect(contacts.find((c: any) => c.email === 'alan.turing@example.com').phone).toBe('+442079460018');
    expect(contacts.find((c: any) => c.email === 'marie.curie@example.com').phone).toBeNull();

    const tagged = (await runFerry(['contacts', '--tag', 'Computing', '--json'], { workspace })).json();
    expect(tagged.map((c: any) => c.email).sort()).toEqual(['alan.turing@example.com', 'grace.hopper@example.com']);

    const again = await runFerry(['import', SAMPLE, '--name', 'Again', '--tag', 'spring-2026', '--default-country', 'GB',
      '--map', 'Kurs=tags', '--map', 'Newsletter=skip', '--json'], { workspace });
    expect(again.json().counts).toMatchObject({ read: 7, created: 0, updated: 0, unchanged: 6, failed: 1 });
  });

  it('keeps a history: runs newest first, and runs show gives settings, counts and every issue', async () => {
    const workspace = uniqueSlug('cli');
    await runFerry(['import', SAMPLE, '--name', 'First', '--map', 'Kurs=tags', '--json'], { workspace });
    const second = (await runFerry(['import', SAMPLE, '--name', 'Second', '--dry-run', '--map', 'Kurs=tags', '--json'], { workspace })).json();
    const runs = (await runFerry(['runs', '--json'], { workspace })).json();
    expect(runs.map((r: any) => r.name)).toEqual(['Second', 'First']);
    expect(runs[0]).toMatchObject({ dryRun: true, status: 'completed_with_errors' });

    const show = await runFerry(['runs', 'show', second.runId.slice(0, 8)], { workspace });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Second (dry-run)');
    expect(show.stdout).toContain('"Kurs"');
    expect(show.stdout).toContain('invalid_email');
    const shown = (await runFerry(['runs', 'show', second.runId, '--json'], { workspace })).json();
    expect(shown.issues.length).toBe(second.issues.length);
    expect(shown.settings.pipeline.steps.map((s: any) => s.use)).toEqual(['map-columns', 'normalize-email', 'normalize-phone', 'tags', 'dedupe']);
  });

  it('writes nothing in a dry-run, and says what would happen', async () => {
    const workspace = uniqueSlug('cli');
    const dry = await runFerry(['import', SAMPLE, '--dry-run', '--map', 'Kurs=tags'], { workspace });
    expect(dry.stdout).toContain('would be created');
    expect((await runFerry(['contacts', '--json'], { workspace })).json()).toEqual([]);
  });

  it('maps a column to a custom field, types it, and refuses a mapping to a field that does not exist', async () => {
    const workspace = uniqueSlug('cli');
    const file = csv('fields.csv', 'Email,Abteilung,Seit\nann@example.com,Sales,01.02.2020\nbob@example.com,Support,2020-13-01\n');
    const missing = await runFerry(['import', file, '--map', 'Abteilung=department', '--json'], { workspace });
    expect(missing.code).toBe(1);
    expect(missing.json().error.message).toContain('department');
    expect((await runFerry(['contacts', '--json'], { workspace })).json()).toEqual([]);

    expect((await runFerry(['fields', 'add', 'department', '--type', 'select', '--options', 'Sales,Support', '--label', 'Abteilung'], { workspace })).code).toBe(0);
    expect((await runFerry(['fields', 'add', 'since', '--type', 'date'], { workspace })).code).toBe(0);
    const run = await runFerry(['import', file, '--map', 'Seit=since', '--json'], { workspace });
    expect(run.code).toBe(3);
    expect(run.json().issues).toEqual([expect.objectContaining({ row: 3, column: 'Seit', value: '2020-13-01', code: 'invalid_date' })]);
    const contacts = (await runFerry(['contacts', '--json'], { workspace })).json();
    expect(contacts).toEqual([expect.objectContaining({ email: 'ann@example.com', fields: { department: 'Sales', since: '2020-02-01' } })]);
  });

  it('exits 0 for a clean file and 2 for usage mistakes', async () => {
    const workspace = uniqueSlug('cli');
    const clean = await runFerry(['import', csv('clean.csv', 'email,first name\nx@example.com,X\n')], { workspace });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/created/);
    const nofile = await runFerry(['import', path.join(dir, 'nope.csv')], { workspace });
    expect(nofile.code).toBe(2);
    expect(nofile.stderr).toContain('nope.csv');
    const badMap = await runFerry(['import', csv('c2.csv', 'email\na@b.co\n'), '--map', 'email'], { workspace });
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toContain('Header=field');
    expect((await runFerry(['frobnicate'], { workspace })).code).toBe(2);
  });

  it('lists the registered connectors with their options', async () => {
    const list = (await runFerry(['connectors', '--json'])).json();
    expect(list.map((p: any) => p.name)).toEqual(expect.arrayContaining(['csv', 'map-columns', 'normalize-email', 'normalize-phone', 'tags', 'dedupe', 'crm-contacts']));
    const csvSource = list.find((p: any) => p.name === 'csv');
    expect(csvSource.options.map((o: any) => o.key)).toEqual(expect.arrayContaining(['delimiter', 'encoding', 'header']));
  });

  it('says clearly when the database cannot be reached, without printing the password', async () => {
    const run = await runFerry(['runs'], { env: { DATABASE_URL: 'postgresql://postgres:s3cret@127.0.0.1:1/none' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot reach the database');
    expect(run.stderr).toContain('DATABASE_URL');
    expect(run.stderr).not.toContain('s3cret');
  });
});
