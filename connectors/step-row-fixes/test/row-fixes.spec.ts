import { ConfigError, createRow, createValues, resolveConfig, type Row } from '@ferry/sdk';
import { rowFixesStep } from '..';

const columns = [{ key: 'Email', header: 'Email', index: 0 }, { key: 'Name', header: 'Name', index: 1 }];

function row(values: Record<string, unknown>, line: number, sheet?: string): Row {
  return createRow(createValues(Object.entries(values)), { file: 'people.xlsx', sheet, row: line });
}

const step = (config: Record<string, unknown>) => rowFixesStep.create(resolveConfig(rowFixesStep, config), { columns, fields: [] });

describe('row-fixes step', () => {
  it("reads the admin's values instead of the file's for a fixed row, leaving other rows and columns alone", async () => {
    const s = await step({ fixes: { '3': { Email: 'ann@example.com' } } });
    const rows = await s.transform([row({ Email: 'bob@example.com', Name: 'Bob' }, 2), row({ Email: 'ann@example', Name: 'Ann' }, 3)]);
    expect(rows.map((r) => ({ ...r.values }))).toEqual([{ Email: 'bob@example.com', Name: 'Bob' }, { Email: 'ann@example.com', Name: 'Ann' }]);
  });

  it('leaves out excluded rows, and tells rows of different sheets apart', async () => {
    const s = await step({ exclude: ['Students:2'], fixes: { 'Parents:2': { Name: 'Pat' } } });
    const rows = await s.transform([row({ Name: 'Sam' }, 2, 'Students'), row({ Name: 'P' }, 2, 'Parents'), row({ Name: 'Sue' }, 3, 'Students')]);
    expect(rows.map((r) => `${r.at.sheet}:${r.at.row}:${r.values.Name}`)).toEqual(['Parents:2:Pat', 'Students:3:Sue']);
    expect(s.summary).toEqual({ fixedRows: 1, excludedRows: 1 });
  });

  it('refuses fixes keyed by anything but a row number (and sheet), or with values that are not text', () => {
    expect(() => resolveConfig(rowFixesStep, { fixes: { 'row 3': { Email: 'x' } } })).toThrow(ConfigError);
    expect(() => resolveConfig(rowFixesStep, { fixes: { '3': { Email: 42 } } })).toThrow(ConfigError);
    expect(() => resolveConfig(rowFixesStep, { exclude: [3] })).toThrow(ConfigError);
  });
});
