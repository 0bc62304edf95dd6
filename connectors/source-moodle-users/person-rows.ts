import type { Row } from '@ferry/sdk';
import { outRow, rejectedRow, type Mapped } from '../source-canvas-sis/adapter-rows';
import { cellOf, headerOf, type MoodleHeader } from './moodle-header';
import { courseRole, type CourseRole, type FerryRole } from './moodle-roles';
import { contactFields, deletedUser } from './moodle-user';

/**
 * One people row per user line: username, names, email, phone1 as phone, the
 * role of the first enrolment (role1), cohorts as tags and profile fields as
 * custom fields.
 */
export function personRows(header: MoodleHeader, role: FerryRole | undefined, roleMap: Record<string, FerryRole> | undefined): (row: Row) => Mapped {
  const cohorts = header.cohorts.map(headerOf).join(', ');
  const first = header.courses.find((course) => course.n === 1);
  return (row) => {
    const deleted = deletedUser(header, row);
    if (deleted) return deleted;
    // role1 belongs to course1; a line with neither has the role option's role.
    const enrolled = first && [first.course, first.role, first.type].some((column) => cellOf(row, column) !== '');
    const found: CourseRole | { role: FerryRole | undefined; column: string } = enrolled ? courseRole(row, first, roleMap) : { role, column: 'role' };
    if ('unknown' in found) return [rejectedRow(row.at, { ...found.unknown, code: 'unknown_role' })];
    return [
      outRow(row.at, [
        ...contactFields(header, row),
        ['username', header.cell(row, 'username'), header.header('username')],
        ['phone', header.cell(row, 'phone1'), header.header('phone1')],
        ['role', found.role, found.column],
        ['tags', header.cohorts.map((column) => cellOf(row, column)).filter((tag) => tag !== ''), cohorts],
        ...header.profileFields.map(({ key, column }): [string, unknown, string] => [key, cellOf(row, column), headerOf(column)]),
      ]),
    ];
  };
}
