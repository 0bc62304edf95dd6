import { emptyCounts, RunStore, type Database } from '@ferry/domain';
import { createRow, createValues, type Row, type RowIssue } from '@ferry/sdk';
import { PassThrough } from 'node:stream';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { storedRejections, writeCsvReport } from '../src/imports/error-report';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

const issue = (sheet: string | undefined, row: number, severity: 'error' | 'warning', column: string | undefined, message: string): RowIssue => ({
  row, sheet, column, code: 'x', severity, message, file: 'people.xlsx',
});

/** Rows as a two-sheet workbook's source gives them; counts how many were read. */
function workbook(sheets: Record<string, number>, read: { rows: number }): AsyncIterable<Row> {
  return (async function* () {
    for (const [sheet, last] of Object.entries(sheets)) {
      for (let row = 2; row <= last; row++) {
        read.rows++;
        const values = createValues();
        values.email = `${sheet.toLowerCase()}-${row}@example.com`;
        yield createRow(values, { file: 'people.xlsx', sheet, row });
      }
    }
  })();
}

async function report(runs: RunStore, workspaceId: string, runId: string, pageSize: number, rows: AsyncIterable<Row>): Promise<string[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const rejected = await storedRejections(runs, workspaceId, runId, pageSize);
  await writeCsvReport({ columns: [{ key: 'email', header: 'Email', index: 0 }], sheets: true, rows, rejected, fixes: {} }, out);
  return Buffer.concat(chunks).toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
}

describe('error report', () => {
  it('pairs every rejected row of every sheet with its cells, reading rejections a page at a time, and stops reading once all are found', async () => {
    const ws = await newWorkspace(db);
    const runs = new RunStore(db.sql);
    const runId = await runs.create(ws.id, { name: 'report', sink: 'people', dryRun: false, settings: {} });
    // Recorded out of row order across batches, as a sink's late findings are; warnings are not rejections.
    await runs.recordBatch(ws.id, runId, [
      issue('Students', 3, 'error', 'Email', 'not an email'),
      issue('Students', 3, 'warning', 'Phone', 'unreadable phone'),
      issue('Students', 5, 'error', undefined, 'no contact'),
      issue('Parents', 2, 'error', 'Email', 'not an email'),
    ], emptyCounts(), null);
    await runs.recordBatch(ws.id, runId, [
      issue('Students', 9, 'error', 'Email', 'blank'),
      issue('Students', 3, 'error', 'Kurs', 'unknown course'),
      issue('Students', 7, 'error', 'Email', 'blank'),
      issue('Parents', 4, 'error', 'Email', 'blank'),
      issue('Parents', 6, 'warning', 'Email', 'duplicate'),
    ], emptyCounts(), null);

    const read = { rows: 0 };
    // Pages of two: Students' rejected rows 3, 5, 7, 9 take two pages and an empty third.
    const lines = await report(runs, ws.id, runId, 2, workbook({ Students: 12, Parents: 8 }, read));
    expect(lines).toEqual([
      'Sheet,Row,Email,Errors',
      'Students,3,students-3@example.com,Email: not an email | Kurs: unknown course',
      'Students,5,students-5@example.com,no contact',
      'Students,7,students-7@example.com,Email: blank',
      'Students,9,students-9@example.com,Email: blank',
      'Parents,2,parents-2@example.com,Email: not an email',
      'Parents,4,parents-4@example.com,Email: blank',
    ]);
    // Students' 11 rows, then Parents' rows 2 to 4: the rest of the file is never read.
    expect(read.rows).toBe(11 + 3);
  });

  it('is empty of rows for a run that rejected nothing, and never shows another workspace run\'s rejections', async () => {
    const ws = await newWorkspace(db);
    const other = await newWorkspace(db);
    const runs = new RunStore(db.sql);
    const runId = await runs.create(ws.id, { name: 'clean', sink: 'people', dryRun: false, settings: {} });
    await runs.recordBatch(ws.id, runId, [issue('Students', 3, 'warning', 'Phone', 'unreadable phone')], emptyCounts(), null);

    const read = { rows: 0 };
    expect(await report(runs, ws.id, runId, 100, workbook({ Students: 5 }, read))).toEqual(['Sheet,Row,Email,Errors']);
    expect(read.rows).toBe(0);
    const rejectedThere = await runs.create(other.id, { name: 'bad', sink: 'people', dryRun: false, settings: {} });
    await runs.recordBatch(other.id, rejectedThere, [issue('Students', 3, 'error', 'Email', 'not an email')], emptyCounts(), null);
    expect(await report(runs, ws.id, rejectedThere, 100, workbook({ Students: 5 }, { rows: 0 }))).toEqual(['Sheet,Row,Email,Errors']);
  });
});
