import { warnRow, type IssueInit, type Row } from '@ferry/sdk';
import { outRow, rejectedRow, skip, type Mapped } from '../source-canvas-sis/adapter-rows';
import { cellOf, headerOf, type MoodleHeader } from './moodle-header';
import { courseRole, type FerryRole } from './moodle-roles';
import { contactFields, deletedUser } from './moodle-user';

/**
 * One course-enrollment row per courseN of a user line (the course short name
 * as product or offer), for the enrolments whose role is `wanted`. The rows
 * share the line's origin, so issues name the line the admin sees.
 */
export function enrollmentRows(header: MoodleHeader, wanted: FerryRole, target: string, roleMap: Record<string, FerryRole> | undefined): (row: Row) => Mapped {
  return (row) => {
    const deleted = deletedUser(header, row);
    if (deleted) return deleted;
    const rows: Row[] = [];
    const notes: IssueInit[] = [];
    for (const course of header.courses) {
      const name = cellOf(row, course.course);
      if (!name) continue;
      const found = courseRole(row, course, roleMap);
      if ('unknown' in found) {
        rows.push(rejectedRow(row.at, { ...found.unknown, code: 'unknown_role' }));
        continue;
      }
      if (found.role !== wanted) continue;
      const status = cellOf(row, course.enrolstatus);
      if (status === '1') {
        const message = `The enrolment in "${name}" is suspended (enrolstatus${course.n} = 1), so it was not imported.`;
        notes.push({ column: headerOf(course.enrolstatus!), value: status, code: 'suspended_enrolment', message });
        continue;
      }
      rows.push(outRow(row.at, [...contactFields(header, row), [target, name, headerOf(course.course)]]));
    }
    if (rows.length === 0) return notes.length > 0 ? skip(...notes) : [];
    for (const note of notes) warnRow(rows[0], note);
    return rows;
  };
}
