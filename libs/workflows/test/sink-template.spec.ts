import { PEOPLE_FIELDS } from '@ferry/connectors/sink-people/people-fields';
import { HeaderSuggestions } from '@ferry/connectors/step-map-columns/header-suggestions';
import type { FieldSpec } from '@ferry/sdk';
import { sinkTemplate } from '../src/sink-template';
import { templateCsv } from '../src/template-files';

const field = (key: string, more: Partial<FieldSpec> = {}): FieldSpec => ({ key, label: key, type: 'text', example: `${key}-example`, ...more });

describe('ferry template: the tables of a sample file', () => {
  it('puts required fields first, with labels as headers and one example row', () => {
    const fields = [field('email', { label: 'Email', required: true }), field('note', { label: 'Note', example: undefined }), field('content', { label: 'Content uuid', required: true })];
    expect(sinkTemplate('progress', fields, 'csv')).toEqual([
      { sheet: 'progress', headers: ['Email', 'Content uuid', 'Note'], rows: [['email-example', 'content-example', '']] },
    ]);
  });

  it('uses a field’s key where its label would not suggest it (two fields with one label)', () => {
    const fields = [field('email', { label: 'Email' }), field('team_a', { label: 'Team' }), field('team_b', { label: 'Team' })];
    expect(sinkTemplate('crm-contacts', fields, 'csv')[0].headers).toEqual(['Email', 'team_a', 'team_b']);
  });

  it('gives people a tab per role, without the role column, links only on the students’ tab, naming the people of the other tabs', () => {
    const tables = sinkTemplate('people', PEOPLE_FIELDS, 'xlsx');
    expect(tables.map((t) => [t.sheet, t.sheetValues])).toEqual([['Students', { role: 'student' }], ['Instructors', { role: 'instructor' }], ['Parents', { role: 'parent' }]]);
    const [students, instructors, parents] = tables.map((t) => Object.fromEntries(t.headers.map((h, i) => [h, t.rows[0][i]])));
    expect(Object.keys(students)).not.toContain('Role');
    expect(Object.keys(instructors)).not.toContain('Parent email');
    expect(students['Parent email']).toBe(parents.Email);
    expect(students['Parent username']).toBe(parents.Username);
    expect(students['Instructor email']).toBe(instructors.Email);
  });

  it('gives a people CSV the role column and a row per role', () => {
    const [table] = sinkTemplate('people', PEOPLE_FIELDS, 'csv');
    const role = table.headers.indexOf('Role');
    expect(table.rows.map((row) => row[role])).toEqual(['student', 'instructor', 'parent']);
  });

  it('names every column so mapping suggests its field', () => {
    const fields = [...PEOPLE_FIELDS, field('department', { label: 'Abteilung', custom: true })];
    const suggestions = new HeaderSuggestions(fields);
    for (const table of sinkTemplate('people', fields, 'xlsx')) {
      for (const header of table.headers) expect(suggestions.suggest(header)).toBeDefined();
    }
  });

  it('writes CSV quoted where a cell needs it', () => {
    expect(templateCsv({ sheet: 's', headers: ['Name, full', 'Say "hi"'], rows: [['a; b', ' x']] })).toBe('"Name, full","Say ""hi"""\r\na; b," x"\r\n');
  });
});
