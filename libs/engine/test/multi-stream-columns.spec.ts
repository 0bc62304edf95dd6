import { RunStore, type Database } from '@ferry/domain';
import {
  createRow, createValues, PluginRegistry,
  type ColumnInfo, type Row, type RowIssue, type SinkPlugin, type SourcePlugin, type StepPlugin,
} from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { RunPipeline } from '../src';

class NoConfig {}

const column = (key: string, index: number): ColumnInfo => ({ key, header: key, index });
const headerWarning = (sheet: string, code: string): RowIssue => ({ row: 1, file: 'users.xlsx', sheet, code, severity: 'warning', message: `${code} on ${sheet}.` });

/** A workbook-like source: two sheets read with different columns, and one it lists but does not read. */
const twoSheets: SourcePlugin<NoConfig> = {
  manifest: { kind: 'source', name: 'two-sheets', title: 'Two sheets', description: 'Test source.' },
  config: NoConfig,
  async discover() {
    return [
      { name: 'Students', columns: [column('Email', 0), column('Parent email', 1)], details: { read: true }, issues: [headerWarning('Students', 'blank_header')] },
      { name: 'Parents', columns: [column('Email', 0), column('Phone', 1), column('role', 2)], details: { read: true }, issues: [headerWarning('Parents', 'duplicate_header')] },
      { name: 'Lists', columns: [column('Country', 0)], details: { read: false }, issues: [headerWarning('Lists', 'blank_header')] },
    ];
  },
  async *read() {
    yield createRow(createValues([['Email', 'kid@example.com'], ['Parent email', 'mum@example.com']]), { file: 'users.xlsx', sheet: 'Students', row: 2 });
    yield createRow(createValues([['Email', 'mum@example.com'], ['Phone', '+447700900123'], ['role', 'parent']]), { file: 'users.xlsx', sheet: 'Parents', row: 2 });
  },
};

/** Remembers the columns it was created with. */
const seen: { columns?: ColumnInfo[] } = {};
const recordColumns: StepPlugin<NoConfig> = {
  manifest: { kind: 'step', name: 'record-columns', title: 'Record', description: 'Test step.' },
  config: NoConfig,
  create: (_config, context) => {
    seen.columns = context.columns;
    return { transform: (rows: Row[]) => rows };
  },
};

const nowhere: SinkPlugin<NoConfig> = {
  manifest: { kind: 'sink', name: 'nowhere', title: 'Nowhere', description: 'Test sink.' },
  config: NoConfig,
  fields: async () => [],
  open: async () => ({ write: async (rows) => rows.map(() => ({ status: 'created' as const })) }),
};

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('RunPipeline with a source of several streams', () => {
  it('hands the steps every column of the streams it reads, in order of first appearance, and keeps their header warnings', async () => {
    const ws = await newWorkspace(db);
    const engine = new RunPipeline(db, new PluginRegistry([twoSheets, recordColumns, nowhere]));
    const result = await engine.execute({
      workspaceId: ws.id,
      pipeline: { name: 'Sheets', source: { use: 'two-sheets' }, steps: [{ use: 'record-columns' }], sink: { use: 'nowhere' } },
    });

    expect(result.counts).toMatchObject({ read: 2, created: 2, warnings: 2 });
    expect(seen.columns).toEqual([column('Email', 0), column('Parent email', 1), column('Phone', 2), column('role', 3)]);
    const issues = await new RunStore(db.sql).issues(ws.id, result.runId);
    expect(issues.map((i) => [i.sheet, i.code])).toEqual([['Students', 'blank_header'], ['Parents', 'duplicate_header']]);
  });
});
