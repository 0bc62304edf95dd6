import type { Readable } from 'node:stream';
import { ConfigError } from '@ferry/sdk';
import { xlsxSource } from '..';
import { discover, excelWorkbook, input, num, plain, rawWorkbook, readRows, row, text, xlsxConfig } from './workbooks';

describe('xlsx source: sheets, headers and rows', () => {
  it('reads a sheet keyed by its header, with Excel row numbers, the file and the sheet', async () => {
    const data = await excelWorkbook((wb) => {
      const ws = wb.addWorksheet('People');
      ws.addRow(['Email', 'First name', '__proto__']);
      ws.addRow(['ada@example.com', 'Ada', 'x']);
      ws.addRow([]);
      ws.addRow(['alan@example.com', 'Alan', 'y']);
    });
    const [stream] = await discover(input(data));
    expect(stream.name).toBe('People');
    expect(stream.columns).toEqual([
      { key: 'Email', header: 'Email', index: 0 },
      { key: 'First name', header: 'First name', index: 1 },
      { key: '__proto__', header: '__proto__', index: 2 },
    ]);
    expect(stream.details).toMatchObject({ position: 1, read: true, headerRow: 1, lastRow: 4 });
    const rows = await readRows(input(data));
    expect(rows.map((r) => r.at)).toEqual([
      { file: 'people.xlsx', sheet: 'People', row: 2 },
      { file: 'people.xlsx', sheet: 'People', row: 4 },
    ]);
    expect(Object.getPrototypeOf(rows[0].values)).toBeNull();
    expect(Object.keys(rows[0].values)).toEqual(['Email', 'First name', '__proto__']);
    expect(rows[0].values.__proto__).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reads the same rows whatever size the input arrives in', async () => {
    const data = await excelWorkbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['Email', 'Name']);
      for (let i = 0; i < 300; i++) ws.addRow([`p${i}@example.com`, `Ünïcödé ${'名前'.repeat(i % 7)}`]);
    });
    const whole = plain(await readRows(input(data)));
    expect(whole).toHaveLength(300);
    expect(plain(await readRows(input(data, 'people.xlsx', 7)))).toEqual(whole);
    expect(plain(await readRows(input(data, 'people.xlsx', 4096)))).toEqual(whole);
  });

  it('takes the first row with anything in it as the header, or the one given', async () => {
    const data = rawWorkbook({
      sheets: [{ name: 'S', rows: row(2, text('B2', '  ')) + row(3, text('A3', 'Export of 2024')) + row(5, text('A5', 'Email'), text('B5', 'Name')) + row(6, text('A6', 'ada@example.com'), text('B6', 'Ada')) }],
    });
    expect((await discover(input(data)))[0].columns.map((c) => c.key)).toEqual(['Export of 2024']);
    const [stream] = await discover(input(data), { headerRow: 5 });
    expect(stream.columns.map((c) => c.key)).toEqual(['Email', 'Name']);
    expect(plain(await readRows(input(data), { headerRow: 5 }))).toEqual([['S', 6, { Email: 'ada@example.com', Name: 'Ada' }]]);
    await expect(readRows(input(data), { headerRow: 4 })).rejects.toMatchObject({ code: 'no_header' });
  });

  it('keeps columns where Excel has them: empty and merged cells shift nothing, blank headers get their letter', async () => {
    const data = await excelWorkbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = 'Email';
      ws.getCell('C1').value = 'Team';
      ws.getCell('D1').value = 'Team';
      ws.getCell('A2').value = 'ada@example.com';
      ws.getCell('C2').value = 'Blue';
      ws.mergeCells('C2:D3');
      ws.getCell('A3').value = 'alan@example.com';
      ws.getCell('B4').value = 'only B';
      ws.getCell('F4').value = 'stray note';
    });
    const [stream] = await discover(input(data));
    expect(stream.columns.map((c) => [c.key, c.header, c.index])).toEqual([
      ['Email', 'Email', 0],
      ['Column B', '', 1],
      ['Team', 'Team', 2],
      ['Team (2)', 'Team', 3],
    ]);
    expect(stream.issues!.map((i) => [i.code, i.sheet, i.row])).toEqual([
      ['blank_header', 'S', 1],
      ['duplicate_header', 'S', 1],
    ]);
    const rows = await readRows(input(data));
    expect(plain(rows)).toEqual([
      ['S', 2, { Email: 'ada@example.com', 'Column B': '', Team: 'Blue', 'Team (2)': '' }],
      ['S', 3, { Email: 'alan@example.com', 'Column B': '', Team: '', 'Team (2)': '' }],
      ['S', 4, { Email: '', 'Column B': 'only B', Team: '', 'Team (2)': '' }],
    ]);
    expect(rows[2].issues).toEqual([
      expect.objectContaining({ row: 4, sheet: 'S', column: 'Column F', value: 'stray note', code: 'cell_without_header', severity: 'warning' }),
    ]);
    expect(rows[2].issues[0].message).toContain('F4');
  });

  describe('several sheets', () => {
    const tabs = () =>
      excelWorkbook((wb) => {
        wb.addWorksheet('Cover');
        for (const [name, who] of [['Students', 'ada'], ['Instructors', 'alan'], ['Parents', 'grace']]) {
          const ws = wb.addWorksheet(name);
          ws.addRow(name === 'Parents' ? ['Email', 'Name', 'role'] : ['Email', 'Name']);
          ws.addRow([`${who}@example.com`, who, name === 'Parents' ? 'guardian' : undefined]);
          ws.addRow([`${who}2@example.com`, `${who} 2`]);
        }
        wb.addWorksheet('Lists', { state: 'hidden' }).addRow(['Role']).commit();
        wb.getWorksheet('Lists')!.addRow(['student']);
      });
    const roles = { Students: { role: 'student' }, Instructors: { role: 'instructor' }, parents: { role: 'parent' } };

    it('reads every visible sheet with data, each row setting its sheet\'s values, and says which sheets were skipped', async () => {
      const data = await tabs();
      const streams = await discover(input(data), { sheetValues: roles });
      expect(streams.map((s) => [s.name, s.details!.read, s.details!.position])).toEqual([
        ['Students', true, 2],
        ['Instructors', true, 3],
        ['Parents', true, 4],
        ['Cover', false, 1],
        ['Lists', false, 5],
      ]);
      expect(streams[0].columns.map((c) => c.key)).toEqual(['Email', 'Name', 'role']);
      expect(streams[2].columns.map((c) => c.key)).toEqual(['Email', 'Name', 'role']);
      expect(streams[0].issues).toEqual([expect.objectContaining({ code: 'empty_sheet', sheet: 'Cover', severity: 'warning' })]);
      expect(streams[4].details).toMatchObject({ state: 'hidden' });

      const rows = await readRows(input(data), { sheetValues: roles });
      expect(rows.map((r) => [r.at.sheet, r.at.row, r.values.Email, r.values.role])).toEqual([
        ['Students', 2, 'ada@example.com', 'student'],
        ['Students', 3, 'ada2@example.com', 'student'],
        ['Instructors', 2, 'alan@example.com', 'instructor'],
        ['Instructors', 3, 'alan2@example.com', 'instructor'],
        // A cell in a column of the same name wins over the sheet's value when it is not empty.
        ['Parents', 2, 'grace@example.com', 'guardian'],
        ['Parents', 3, 'grace2@example.com', 'parent'],
      ]);
    });

    it('reads only the sheets named, hidden ones too', async () => {
      const data = await tabs();
      const rows = await readRows(input(data), { sheets: ['Lists', 'Parents'] });
      expect(rows.map((r) => [r.at.sheet, r.at.row])).toEqual([
        ['Parents', 2],
        ['Parents', 3],
        ['Lists', 2],
      ]);
      const streams = await discover(input(data), { sheets: ['lists'] });
      expect(streams.map((s) => s.name)).toEqual(['Lists', 'Cover', 'Students', 'Instructors', 'Parents']);
    });

    it('refuses a sheet name the workbook does not have, naming the ones it has', async () => {
      const data = await tabs();
      for (const config of [{ sheets: ['Teachers'] }, { sheetValues: { Teachers: { role: 'instructor' } } }]) {
        const error = await discover(input(data), config).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConfigError);
        expect(error).toMatchObject({ code: 'unknown_sheet' });
        expect((error as Error).message).toContain('"Students", "Instructors"');
        await expect(readRows(input(data), config)).rejects.toMatchObject({ code: 'unknown_sheet' });
      }
    });
  });

  it('reads the next sheet when the first is empty, and refuses a workbook with no data at all', async () => {
    const data = rawWorkbook({ sheets: [{ name: 'Empty', rows: row(1, `<c r="A1" s="0"/>`) }, { name: 'Data', rows: row(1, text('A1', 'Email')) + row(2, text('A2', 'ada@example.com')) }] });
    const streams = await discover(input(data));
    expect(streams.map((s) => s.name)).toEqual(['Data', 'Empty']);
    expect(streams[0].issues![0]).toMatchObject({ code: 'empty_sheet', sheet: 'Empty' });
    expect(streams[0].issues![0].message).toBe('Sheet "Empty" is empty, so it was skipped; rows are read from "Data".');
    expect(plain(await readRows(input(data)))).toEqual([['Data', 2, { Email: 'ada@example.com' }]]);

    const nothing = rawWorkbook({ sheets: [{ name: 'A', rows: '' }, { name: 'B', rows: row(3, `<c r="C3" s="0"/>`) }, { name: 'H', rows: row(1, text('A1', 'x')), state: 'hidden' }] });
    await expect(discover(input(nothing))).rejects.toMatchObject({ code: 'empty_file', message: expect.stringContaining('"H"') });
    await expect(readRows(input(nothing))).rejects.toMatchObject({ code: 'empty_file' });
    const headerOnly = rawWorkbook({ sheets: [{ name: 'A', rows: row(1, text('A1', 'Email')) }] });
    await expect(discover(input(headerOnly))).rejects.toMatchObject({ code: 'no_rows' });
    await expect(readRows(input(headerOnly))).rejects.toMatchObject({ code: 'no_rows' });
  });

  it('skips rows of spaces and numbers rows as Excel does even when row numbers are left out', async () => {
    const data = rawWorkbook({ sheets: [{ name: 'S', rows: `<row>${text('A1', 'n')}</row><row>${num('A2', 1)}</row><row r="7">${text('A7', ' ')}</row><row>${num('A8', 2)}</row>` }] });
    expect(plain(await readRows(input(data)))).toEqual([
      ['S', 2, { n: '1' }],
      ['S', 8, { n: '2' }],
    ]);
  });
});

describe('xlsx source: streaming', () => {
  it('stops reading, and lets go of the input, when the caller stops or the run is cancelled', async () => {
    const data = await excelWorkbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['Email']);
      for (let i = 0; i < 5000; i++) ws.addRow([`p${i}@example.com`]);
    });
    const streams: Readable[] = [];
    const base = input(data, 'people.xlsx', 1024);
    const tracked = { ...base, open: () => streams[streams.push(base.open()) - 1] };
    let seen = 0;
    for await (const row of xlsxSource.read(xlsxConfig(), { input: tracked })) {
      void row;
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
    expect(streams.every((stream) => stream.destroyed)).toBe(true);

    const controller = new AbortController();
    const rows: unknown[] = [];
    for await (const row of xlsxSource.read(xlsxConfig(), { input: tracked, signal: controller.signal })) {
      rows.push(row);
      if (rows.length === 10) controller.abort();
    }
    expect(rows).toHaveLength(10);
  });
});
