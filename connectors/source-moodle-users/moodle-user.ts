import type { Row } from '@ferry/sdk';
import { skip, type Skipped } from '../source-canvas-sis/adapter-rows';
import type { MoodleHeader } from './moodle-header';

const YES = new Set(['1', 'true', 'yes']);

/** `deleted` = 1 deletes the user in Moodle: such a line is left out, with a warning. */
export function deletedUser(header: MoodleHeader, row: Row): Skipped | undefined {
  const value = header.cell(row, 'deleted');
  if (!YES.has(value.toLowerCase())) return undefined;
  return skip({ column: header.header('deleted'), value, code: 'deleted_user', message: 'This line deletes the user in Moodle (deleted = 1), so they were not imported.' });
}

/** The contact fields every row of a line carries. */
export function contactFields(header: MoodleHeader, row: Row): [string, unknown, string][] {
  return [
    ['email', header.cell(row, 'email'), header.header('email')],
    ['first_name', header.cell(row, 'firstname'), header.header('firstname')],
    ['last_name', header.cell(row, 'lastname'), header.header('lastname')],
  ];
}
