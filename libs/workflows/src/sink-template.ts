import { HeaderSuggestions } from '@ferry/connectors/step-map-columns/header-suggestions';
import type { FieldSpec } from '@ferry/sdk';

/** One table of a sample file: a CSV, or one tab of a workbook. */
export interface TemplateTable {
  /** The tab's name (workbooks only). */
  sheet: string;
  headers: string[];
  rows: string[][];
  /** What the tab gives every row, for `--sheet-value` (people's role tabs). */
  sheetValues?: Record<string, string>;
}

type Person = Partial<Record<string, string>>;

/**
 * The people sink's tabs, one per role. The instructor and the parent are the
 * people the student's link columns name, so the sample imports with its
 * links made.
 */
const PEOPLE_TABS: { sheet: string; role: string; person: (example: (key: string) => string) => Person }[] = [
  { sheet: 'Students', role: 'student', person: () => ({}) },
  {
    sheet: 'Instructors', role: 'instructor',
    person: (example) => ({ email: example('instructor_email'), username: '', first_name: 'Mary', last_name: 'Somerville' }),
  },
  {
    sheet: 'Parents', role: 'parent',
    person: (example) => ({ email: example('parent_email'), username: example('parent_username'), first_name: 'Charlotte', last_name: 'Lovelace' }),
  },
];
const PEOPLE_LINKS = new Set(['parent_email', 'parent_username', 'instructor_email']);

/**
 * The tables of a sink's sample file: required fields first, then the others
 * in the sink's order, with a row of each field's example. Headers are the
 * fields' labels where mapping suggests the field from them, else their keys,
 * so the file imports back without any `--map`. For `people`, a workbook has a
 * tab per role (the tab sets the role); a CSV has the role column and a row
 * per role.
 */
export function sinkTemplate(sink: string, fields: FieldSpec[], format: 'csv' | 'xlsx'): TemplateTable[] {
  const ordered = [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
  const suggestions = new HeaderSuggestions(fields);
  const header = (field: FieldSpec) => (suggestions.suggest(field.label) === field.key ? field.label : field.key);
  const example = (key: string) => fields.find((f) => f.key === key)?.example ?? '';
  const row = (columns: FieldSpec[], person: Person = {}) => columns.map((f) => person[f.key] ?? f.example ?? '');
  // Only a student's row links to others (the sink rejects links on other rows).
  const person = (tab: (typeof PEOPLE_TABS)[number]): Person =>
    tab.role === 'student' ? tab.person(example) : { ...Object.fromEntries([...PEOPLE_LINKS].map((key) => [key, ''])), ...tab.person(example) };

  if (sink !== 'people') return [{ sheet: sheetName(sink), headers: ordered.map(header), rows: [row(ordered)] }];
  if (format === 'csv') {
    return [{ sheet: 'People', headers: ordered.map(header), rows: PEOPLE_TABS.map((tab) => row(ordered, { ...person(tab), role: tab.role })) }];
  }
  return PEOPLE_TABS.map((tab) => {
    const columns = ordered.filter((f) => f.key !== 'role' && (tab.role === 'student' || !PEOPLE_LINKS.has(f.key)));
    return { sheet: tab.sheet, headers: columns.map(header), rows: [row(columns, person(tab))], sheetValues: { role: tab.role } };
  });
}

/** A sink name as a tab name: Excel refuses []:*?/\ and more than 31 characters. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '-').slice(0, 31) || 'Sheet1';
}
