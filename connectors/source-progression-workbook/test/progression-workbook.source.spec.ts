import { readProgressionContent } from '..';
import { ACTIVITIES, discover, input, JOURNEYS, plain, progressionWorkbook, PROGRAMME, readRows } from './workbook-fixture';

describe('progression-workbook completions', () => {
  it('reads the Completions sheet as progress rows, dates as ISO text, keeping sheet and Excel row numbers', async () => {
    const workbook = input(await progressionWorkbook());
    const stream = await discover(workbook);
    expect(stream.columns.map((c) => c.key)).toEqual(['email', 'content', 'completed_on', 'progress']);
    expect(stream.details).toMatchObject({ emit: 'completions', sheets: ['Completions'] });
    const rows = await readRows(workbook);
    expect(plain(rows)).toEqual([
      ['Completions', 2, { email: 'ada@example.com', content: ACTIVITIES[0], completed_on: '2026-03-01' }],
      ['Completions', 3, { email: 'ada@example.com', content: JOURNEYS[1].toUpperCase(), completed_on: '2026-03-05' }],
      ['Completions', 4, { email: 'alan@example.com', content: PROGRAMME, completed_on: '02/03/2026' }],
      ['Completions', 5, { email: 'ada@example.com', content: 'not-a-uuid', completed_on: '2026-03-01' }],
      ['Completions', 6, { email: 'nobody@example.com', content: ACTIVITIES[1], completed_on: '2026-03-01' }],
    ]);
    expect(rows[0].columns).toMatchObject({ content: 'uuid', completed_on: 'Completed on' });
    expect(rows.every((row) => row.at.file === 'progression.xlsx' && Object.getPrototypeOf(row.values) === null)).toBe(true);
  });

  it('fails before any row when the Completions sheet lacks a column, naming the sheet and the column', async () => {
    const workbook = input(await progressionWorkbook({ Completions: [['email', 'uuid'], ['ada@example.com', ACTIVITIES[0]]] }));
    await expect(discover(workbook)).rejects.toMatchObject({ code: 'missing_column', message: expect.stringMatching(/Completions.*"completed_on"/) });
    await expect(readRows(workbook)).rejects.toMatchObject({ code: 'missing_column' });
  });

  it('fails naming the sheet when the workbook has no Completions sheet', async () => {
    const workbook = input(await progressionWorkbook({ Completions: null }));
    await expect(discover(workbook)).rejects.toMatchObject({ code: 'missing_sheet', message: expect.stringContaining('"Completions"') });
    await expect(readRows(workbook)).rejects.toMatchObject({ code: 'missing_sheet' });
  });

  it('refuses a file that is not a workbook, as the xlsx source does', async () => {
    await expect(discover(input(Buffer.from('email,uuid\n'), 'progression.xlsx'))).rejects.toMatchObject({ code: 'not_xlsx' });
  });
});

describe('progression-workbook content', () => {
  it('reads the content sheets as tree rows: programmes, journeys, activities with their levels and parents', async () => {
    const rows = await readRows(input(await progressionWorkbook()), { emit: 'content' });
    expect(plain(rows).slice(0, 4)).toEqual([
      ['Programmes', 2, { uuid: PROGRAMME, title: 'Piano', level: 'programme' }],
      ['Journeys', 2, { uuid: JOURNEYS[0], title: 'Scales', level: 'journey', parent_uuid: PROGRAMME }],
      ['Journeys', 3, { uuid: JOURNEYS[1], title: 'Chords', level: 'journey', parent_uuid: PROGRAMME }],
      ['Activities', 2, { uuid: ACTIVITIES[0], title: 'C major', level: 'activity', parent_uuid: JOURNEYS[0] }],
    ]);
    expect(rows).toHaveLength(7);
  });

  it('gives `ferry content import` the tree as entries linked by index, and names a parent missing from the workbook', async () => {
    const { entries, problems } = await readProgressionContent(input(await progressionWorkbook()));
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.level, e.title, e.parentIndex, e.where])).toEqual([
      ['programme', 'Piano', null, 'sheet "Programmes" row 2'],
      ['journey', 'Scales', 0, 'sheet "Journeys" row 2'],
      ['journey', 'Chords', 0, 'sheet "Journeys" row 3'],
      ['activity', 'C major', 1, 'sheet "Activities" row 2'],
      ['activity', 'G major', 1, 'sheet "Activities" row 3'],
      ['activity', 'Triads', 2, 'sheet "Activities" row 4'],
      ['activity', 'Sevenths', 2, 'sheet "Activities" row 5'],
    ]);

    const broken = await progressionWorkbook({ Activities: [['uuid', 'title', 'parent_uuid'], [ACTIVITIES[0], 'C major', 'a1b2c3d4-0000-4000-8000-999999999999']] });
    const result = await readProgressionContent(input(broken));
    expect(result.problems).toEqual([`sheet "Activities" row 2 (${ACTIVITIES[0]}): its parent a1b2c3d4-0000-4000-8000-999999999999 is not in the workbook.`]);
    expect(result.entries[3]).toMatchObject({ parentIndex: null, parentUnknown: true });
  });

  it('needs the parent_uuid column in Journeys and Activities', async () => {
    const workbook = input(await progressionWorkbook({ Journeys: [['uuid', 'title'], [JOURNEYS[0], 'Scales']] }));
    await expect(discover(workbook, { emit: 'content' })).rejects.toMatchObject({ code: 'missing_column', message: expect.stringMatching(/Journeys.*"parent_uuid"/) });
    await expect(readProgressionContent(workbook)).rejects.toMatchObject({ code: 'missing_column' });
  });
});
