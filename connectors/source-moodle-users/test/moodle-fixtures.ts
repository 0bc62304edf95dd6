import { bufferInput, resolveConfig, type Row, type SourceInput, type StreamInfo } from '@ferry/sdk';
import { moodleUsersSource } from '..';
import type { MoodleUsersConfig } from '../moodle-users.config';

const HEADER = [
  'username', 'password', 'firstname', 'lastname', 'email', 'phone1', 'auth',
  'course1', 'role1', 'group1', 'course2', 'role2', 'enrolstatus2', 'course3', 'type3',
  'cohort1', 'cohort2', 'profile_field_house', 'profile_field_email', 'deleted',
];

/** Lines of an upload users file, by column name (the rest empty), as in Moodle's documentation (docs.moodle.org/en/Upload_users). */
const LINES: Record<string, string>[] = [
  // row 2: a student in math102 and art101 (role2 empty: the default role), teacher of hist200 (legacy type3 = 2)
  {
    username: 'jonest', password: 'verySecret3$', firstname: 'Tom', lastname: 'Jones', email: 'jonest@example.com', phone1: '+441234567890', auth: 'manual',
    course1: 'math102', role1: 'student', group1: 'Section 1', course2: 'art101', course3: 'hist200', type3: '2',
    cohort1: 'year3', cohort2: 'chess', profile_field_house: 'Adderton', deleted: '0',
  },
  // row 3: an editing teacher
  { username: 'reznort', firstname: 'Trent', lastname: 'Reznor', email: 'reznort@example.com', course1: 'math102', role1: 'editingteacher', cohort1: 'staff', profile_field_house: 'Coolock' },
  // row 4: no course: the role option's role
  { username: 'smithj', firstname: 'Jane', lastname: 'Smith', email: 'jane@example.com' },
  // row 5: deleted
  { username: 'olduser', firstname: 'Old', lastname: 'User', email: 'old@example.com', course1: 'math102', deleted: '1' },
  // row 6: a role Moodle does not have, and a suspended enrolment
  { username: 'wizard', firstname: 'Harry', lastname: 'Potter', email: 'harry@example.com', course1: 'math102', role1: 'wizard', course2: 'art101', role2: 'student', enrolstatus2: '1' },
  // row 7: role short names in any case
  { username: 'kim', firstname: 'Kim', lastname: 'Lee', email: 'kim@example.com', course1: 'math102', role1: 'Student', course2: 'art101', role2: 'student' },
];

const csvCell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function uploadFile(lines: Record<string, string>[] = LINES, header: string[] = HEADER): string {
  return [header.join(','), ...lines.map((line) => header.map((name) => csvCell(line[name] ?? '')).join(','))].join('\n');
}

export const csvInput = (text: string, label = 'upload-users.csv'): SourceInput => bufferInput(text, label);

export function moodleConfig(raw: Record<string, unknown> = {}): MoodleUsersConfig {
  return resolveConfig<MoodleUsersConfig>(moodleUsersSource, raw);
}

export async function discover(input: SourceInput, raw: Record<string, unknown> = {}): Promise<StreamInfo> {
  const [stream] = await moodleUsersSource.discover(moodleConfig(raw), { input });
  return stream;
}

export async function readRows(input: SourceInput, raw: Record<string, unknown> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of moodleUsersSource.read(moodleConfig(raw), { input })) rows.push(row);
  return rows;
}

export const plain = (rows: Row[]) => rows.map((row) => [row.at.row, { ...row.values }]);
export const issuesOf = (rows: Row[]) => rows.flatMap((row) => row.issues).sort((a, b) => a.row - b.row).map((i) => [i.row, i.severity, i.code, i.column, i.value]);
