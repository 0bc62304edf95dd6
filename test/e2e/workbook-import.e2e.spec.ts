import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runFerry, type FerryResult } from '../support/run-ferry';
import { uniqueSlug } from '../support/test-database';

/*
 * `ferry import` with workbooks and pasted tables, as a process on real
 * PostgreSQL: the format is found from the file, a workbook's tabs each set
 * their rows' role, and standard input runs here even with REDIS_URL.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'ferry-workbook-'));

async function workbook(name: string, sheets: Record<string, string[][]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [sheet, rows] of Object.entries(sheets)) book.addWorksheet(sheet).addRows(rows);
  const at = path.join(dir, name);
  await book.xlsx.writeFile(at);
  return at;
}

async function ferry(workspace: string, args: string[], expectedCode = 0, stdin?: string, env?: NodeJS.ProcessEnv): Promise<FerryResult> {
  const result = await runFerry(args, { workspace, stdin, env });
  if (result.code !== expectedCode) {
    throw new Error(`ferry ${args.join(' ')} exited ${result.code}, expected ${expectedCode}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

describe('ferry import of workbooks and pasted tables', () => {
  it('creates students, instructors and parents with their links from one multi-tab workbook, in one run', async () => {
    const ws = uniqueSlug('workbook');
    // Columns differ per tab (Phone only for parents), and parents come after the students naming them.
    const users = await workbook('users.xlsx', {
      Students: [
        ['Email', 'First name', 'Parent email', 'Instructor email'],
        ['mia@example.com', 'Mia', 'pat@example.com', 'ivy@school.example'],
        ['noah@example.com', 'Noah', 'pat@example.com', 'ivy@school.example'],
      ],
      Instructors: [['Email', 'First name'], ['ivy@school.example', 'Ivy']],
      Parents: [['Email', 'First name', 'Phone'], ['pat@example.com', 'Pat', '+447700900123']],
    });

    const run = (await ferry(ws, [
      'import', users, '--into', 'people', '--json',
      '--sheet-value', 'Students:role=student', '--sheet-value', 'Instructors:role=instructor', '--sheet-value', 'Parents:role=parent',
    ])).json();
    expect(run).toMatchObject({ status: 'completed', counts: { read: 4, created: 4, failed: 0 }, issues: [] });

    const show = async (who: string) => (await ferry(ws, ['contacts', 'show', who, '--json'])).json();
    expect(await show('mia@example.com')).toMatchObject({ roles: ['student'], parents: ['pat@example.com'], instructors: ['ivy@school.example'] });
    expect(await show('pat@example.com')).toMatchObject({
      roles: ['parent'], phone: '+447700900123', first_name: 'Pat',
      students: [{ kind: 'parent', student: 'mia@example.com' }, { kind: 'parent', student: 'noah@example.com' }],
    });
    const ivy = await show('ivy@school.example');
    expect(ivy.roles).toEqual(['instructor']);
    expect(ivy.students).toHaveLength(2);
  });

  it('imports a table pasted on standard input, here and now even with REDIS_URL set', async () => {
    const ws = uniqueSlug('paste');
    // Nothing listens on port 1: queueing the run would fail.
    const pasted = 'Email\tFirst name\nzoe@example.com\tZoe\nyan@example.com\tYan\n';
    const run = (await ferry(ws, ['import', '-', '--format', 'paste', '--json'], 0, pasted, { REDIS_URL: 'redis://127.0.0.1:1' })).json();
    expect(run).toMatchObject({ name: 'Import of pasted', status: 'completed', counts: { read: 2, created: 2 } });
  });

  it('refuses a legacy .xls with what to do, and a CSV-only flag for a workbook', async () => {
    const ws = uniqueSlug('xls');
    const xls = path.join(dir, 'old.xls');
    writeFileSync(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]));
    const run = (await ferry(ws, ['import', xls, '--json'], 1)).json();
    expect(run.error).toMatchObject({ code: 'legacy_xls', message: expect.stringContaining('.xlsx') });

    const users = await workbook('flag.xlsx', { People: [['Email'], ['a@example.com']] });
    const refused = await ferry(ws, ['import', users, '--delimiter', ';'], 2);
    expect(refused.stderr).toContain('--delimiter applies to --format csv only');
  });
});
