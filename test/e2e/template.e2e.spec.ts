import { RunStore, WorkspaceStore, type Database } from '@ferry/domain';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runFerry, type FerryResult } from '../support/run-ferry';
import { openTestDatabase, uniqueSlug } from '../support/test-database';

/* `ferry template`: every built-in sink's sample file imports back with Ferry, every column mapped. */
const dir = mkdtempSync(path.join(tmpdir(), 'ferry-template-'));
const SINKS = ['crm-contacts', 'course-enrollment', 'progress', 'people', 'team-membership'];

async function ferry(workspace: string, args: string[], expectedCodes = [0]): Promise<FerryResult> {
  const result = await runFerry(args, { workspace });
  if (!expectedCodes.includes(result.code ?? -1)) {
    throw new Error(`ferry ${args.join(' ')} exited ${result.code}, expected ${expectedCodes}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

/** What map-columns did with the file's columns, from the run record. */
async function mappingOf(workspace: string, runId: string) {
  const workspaceId = await new WorkspaceStore(db.sql).ensure(workspace);
  const run = await new RunStore(db.sql).get(workspaceId, runId);
  const steps = (run!.settings as { steps: { step: string; mapping: object; unmapped: string[]; ambiguous: object }[] }).steps;
  return steps.find((s) => s.step === 'map-columns')!;
}

describe('ferry template', () => {
  it('writes a CSV for each built-in sink, with the custom fields, that imports back with every column mapped', async () => {
    const ws = uniqueSlug('template');
    await ferry(ws, ['fields', 'add', 'department', '--type', 'select', '--options', 'Sales,Support', '--label', 'Abteilung']);
    for (const sink of SINKS) {
      const csv = (await ferry(ws, ['template', sink])).stdout;
      // Completions have no contact fields; every other sink takes the custom field.
      if (sink !== 'progress') expect(csv.split('\r\n')[0]).toContain('Abteilung');
      const file = path.join(dir, `${ws}-${sink}.csv`);
      writeFileSync(file, csv);

      // Examples name offers, content and teams the workspace does not have: row errors (exit 3), never a file error.
      const run = (await ferry(ws, ['import', file, '--into', sink, '--dry-run', '--json'], [0, 3])).json();
      expect({ sink, error: run.error, status: run.status }).toEqual({ sink, error: undefined, status: expect.stringMatching(/^completed/) });
      expect(run.counts.read).toBeGreaterThan(0);
      const mapping = await mappingOf(ws, run.runId);
      expect({ sink, unmapped: mapping.unmapped, ambiguous: mapping.ambiguous }).toEqual({ sink, unmapped: [], ambiguous: {} });
      expect(Object.keys(mapping.mapping)).toHaveLength(csv.split('\r\n')[0].split(',').length);
    }
  });

  it('writes people as a workbook with a tab per role, and says how to import it; that import links everyone', async () => {
    const ws = uniqueSlug('template');
    const file = path.join(dir, `${ws}-people.xlsx`);
    const note = (await ferry(ws, ['template', 'people', '--out', file])).stdout;
    const flags = ['Students:role=student', 'Instructors:role=instructor', 'Parents:role=parent'];
    for (const flag of flags) expect(note).toContain(`--sheet-value "${flag}"`);

    const run = (await ferry(ws, ['import', file, '--into', 'people', '--json', ...flags.flatMap((f) => ['--sheet-value', f])])).json();
    expect(run).toMatchObject({ status: 'completed', counts: { read: 3, created: 3, failed: 0 }, issues: [] });
  });
});
