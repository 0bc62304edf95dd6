import ExcelJS from 'exceljs';
import { ferryExpecting, scratchFiles } from '../support/cli-session';
import { uniqueSlug } from '../support/test-database';

/* Exports through `ferry import`: Ferry's own interchange format, and another platform's export file. */
jest.setTimeout(120_000);

const file = scratchFiles('ferry-exports');
const ferry = ferryExpecting;

describe('ferry import of exports', () => {
  it("imports people and their grants from Ferry's NDJSON export, one kind per run", async () => {
    const ws = uniqueSlug('export');
    await ferry(ws, ['products', 'add', 'Piano']);
    const exported = file('ferry.ndjson', [
      { kind: 'person', email: 'pat@example.com', first_name: 'Pat', roles: ['parent'], tags: ['family'] },
      { kind: 'person', email: 'kim@example.com', first_name: 'Kim', roles: ['student'], tags: ['piano'], parent_email: 'pat@example.com' },
      { kind: 'grant', email: 'kim@example.com', offer: 'Piano' },
    ].map((record) => JSON.stringify(record)).join('\n'));
    const people = (await ferry(ws, ['import', exported, '--kind', 'people', '--into', 'people', '--json'])).json();
    expect(people.counts).toMatchObject({ read: 2, created: 2, failed: 0 });
    const grants = (await ferry(ws, ['import', exported, '--kind', 'grants', '--into', 'course-enrollment', '--json'])).json();
    expect(grants.counts).toMatchObject({ read: 1, created: 1, failed: 0 });
    expect((await ferry(ws, ['contacts', 'show', 'kim@example.com', '--json'])).json()).toMatchObject({
      first_name: 'Kim', roles: ['student'], tags: ['piano'], parents: ['pat@example.com'], offers: ['Piano'],
    });
  });

  it("imports Moodle's user upload file as people, with roles, cohorts as tags and profile fields", async () => {
    const ws = uniqueSlug('moodle');
    await ferry(ws, ['fields', 'add', 'house', '--type', 'text']);
    const upload = file('moodle-users.csv', [
      'username,firstname,lastname,email,course1,role1,cohort1,profile_field_house',
      'jdoe,Jane,Doe,jane@example.com,PIANO1,student,year-7,Red',
      'msmith,Mark,Smith,mark@example.com,PIANO1,editingteacher,staff,',
    ].join('\n'));
    const run = (await ferry(ws, ['import', upload, '--format', 'moodle-users', '--source-option', 'emit=people', '--into', 'people', '--json'])).json();
    expect(run.counts).toMatchObject({ read: 2, created: 2, failed: 0 });
    expect((await ferry(ws, ['contacts', 'show', 'jane@example.com', '--json'])).json()).toMatchObject({
      username: 'jdoe', roles: ['student'], tags: ['year-7'], fields: { house: 'Red' },
    });
    expect((await ferry(ws, ['contacts', 'show', 'MSMITH', '--json'])).json()).toMatchObject({ roles: ['instructor'] });
  });

  it('imports a progression workbook: its content tree with ferry content import, then its completions', async () => {
    const ws = uniqueSlug('progression');
    await ferry(ws, ['products', 'add', 'Piano']);
    const P = 'a1b2c3d4-0000-4000-8000-000000000001';
    const J = 'a1b2c3d4-0000-4000-8000-000000000011';
    const A = ['a1b2c3d4-0000-4000-8000-000000000111', 'a1b2c3d4-0000-4000-8000-000000000112'];
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Programmes').addRows([['uuid', 'title'], [P, 'Piano']]);
    workbook.addWorksheet('Journeys').addRows([['uuid', 'title', 'parent_uuid'], [J, 'Scales', P]]);
    workbook.addWorksheet('Activities').addRows([['uuid', 'title', 'parent_uuid'], [A[0], 'C major', J], [A[1], 'G major', J]]);
    workbook.addWorksheet('Completions').addRows([['email', 'uuid', 'completed_on'], ['ada@example.com', J, '2026-03-01']]);
    const path = file('progression.xlsx', '');
    await workbook.xlsx.writeFile(path);

    expect((await ferry(ws, ['content', 'import', path, '--product', 'Piano'])).stdout).toContain('Imported 4 content nodes into Piano: 4 created');
    await ferry(ws, ['import', file('people.csv', 'email\nada@example.com\n')]);
    const run = (await ferry(ws, ['import', path, '--format', 'progression-workbook', '--into', 'progress', '--json'])).json();
    expect(run.counts).toMatchObject({ read: 1, created: 1, failed: 0 });
    const done = (await ferry(ws, ['progress', 'show', 'ada@example.com', '--json'])).json();
    expect(done.map((c: { uuid: string }) => c.uuid).sort()).toEqual([J, ...A].sort());
  });
});
