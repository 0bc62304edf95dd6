import { warnRow, type Row } from '@ferry/sdk';
import { outRow, rejectedRow, skip, type Mapped, type Skipped } from './adapter-rows';
import type { CanvasHeader } from './canvas-files';
import { ferryRoleOf, unknownRoleMessage, type FerryRole } from './canvas-roles';
import type { CourseTable, SisUser, UserTable } from './sis-lookups';

export interface EnrollmentLookups {
  header: CanvasHeader;
  users: UserTable;
  /** Absent when courses are named by their course_id. */
  courses?: CourseTable;
  roleMap?: Record<string, FerryRole>;
}

/** Canvas enrollment states in which the user has no access (SIS CSV `status`). */
const INACTIVE = new Set(['deleted', 'inactive', 'deleted_last_completed']);

/**
 * enrollments.csv lines as course-enrollment rows: only the enrollments whose
 * role is `wanted` (the sink gives every row of a run the same role), the
 * user's email and names from users.csv, the course's name from courses.csv.
 */
export function courseAccessRows(lookups: EnrollmentLookups, wanted: FerryRole, nameColumn: string, target: string): (row: Row) => Mapped {
  const { header } = lookups;
  return (row) => {
    const role = ferryRoleOf(header.cell(row, 'role'), lookups.roleMap);
    if (role !== undefined && role !== wanted) return [];
    const inactive = inactiveEnrollment(header, row);
    if (inactive) return inactive;
    if (role === undefined) return [unknownRole(header, row)];
    const user = userOf(lookups, row, 'user_id');
    if (!isUser(user)) return user;
    const course = courseName(lookups, row, nameColumn);
    if (typeof course !== 'string') return course;
    const from = header.header('user_id');
    return [
      outRow(row.at, [
        ['email', user.email, from],
        ['first_name', user.first, from],
        ['last_name', user.last, from],
        [target, course, header.header('course_id')],
      ]),
    ];
  };
}

/**
 * enrollments.csv lines as people rows: the enrolled user with their role,
 * and for an observer of a student (associated_user_id) the student too,
 * linked to the observer as parent.
 */
export function enrolledPeopleRows(lookups: EnrollmentLookups): (row: Row) => Mapped {
  const { header } = lookups;
  return (row) => {
    const inactive = inactiveEnrollment(header, row);
    if (inactive) return inactive;
    const role = ferryRoleOf(header.cell(row, 'role'), lookups.roleMap);
    if (role === undefined) return [unknownRole(header, row)];
    const user = userOf(lookups, row, 'user_id');
    if (!isUser(user)) return user;
    const rows = [person(header, row, user, 'user_id', role)];
    const studentId = header.cell(row, 'associated_user_id');
    if (role !== 'parent' || !studentId) return rows;
    const student = userOf(lookups, row, 'associated_user_id');
    if (Array.isArray(student)) return [...rows, ...student];
    if (!isUser(student)) {
      // The observer is still imported; only the link is not.
      for (const init of student.skipped) warnRow(rows[0], init);
      return rows;
    }
    const linked = person(header, row, student, 'associated_user_id', 'student');
    linked.values.parent_email = user.email;
    (linked.columns as Record<string, string>).parent_email = header.header('user_id');
    return [...rows, linked];
  };
}

function person(header: CanvasHeader, row: Row, user: SisUser, column: string, role: FerryRole): Row {
  const from = header.header(column);
  return outRow(row.at, [
    ['email', user.email, from],
    ['username', user.login, from],
    ['first_name', user.first, from],
    ['last_name', user.last, from],
    ['role', role, header.header('role')],
  ]);
}

function inactiveEnrollment(header: CanvasHeader, row: Row): Skipped | undefined {
  const status = header.cell(row, 'status').toLowerCase();
  if (!INACTIVE.has(status)) return undefined;
  return skip({ column: header.header('status'), value: status, code: 'inactive_enrollment', message: `This enrollment is ${status} in Canvas, so it was not imported.` });
}

function unknownRole(header: CanvasHeader, row: Row): Row {
  const value = header.cell(row, 'role');
  return rejectedRow(row.at, { column: header.header('role'), value, code: 'unknown_role', message: unknownRoleMessage(value) });
}

const isUser = (found: SisUser | Mapped): found is SisUser => !Array.isArray(found) && !('skipped' in found);

/** The user a column names, from users.csv; a reason not to import the line otherwise. */
function userOf(lookups: EnrollmentLookups, row: Row, column: 'user_id' | 'associated_user_id'): SisUser | Mapped {
  const { header, users } = lookups;
  const id = header.cell(row, column);
  const issue = { column: header.header(column), value: id };
  if (!id) return [rejectedRow(row.at, { ...issue, code: 'missing_user', message: `The ${column} is empty; it names the user in users.csv.` })];
  const user = users.get(id);
  if (!user) {
    return [rejectedRow(row.at, { ...issue, code: 'unknown_user', message: `No user in "${users.label}" has the user_id "${id}". Check that both files come from the same export.` })];
  }
  if (user.deleted) {
    return skip({ ...issue, code: 'deleted_user', message: `The user "${id}" is deleted in "${users.label}", and Canvas deletes their enrollments with them, so this one was not imported.` });
  }
  if (!user.email) {
    return [rejectedRow(row.at, { ...issue, code: 'missing_email', message: `The user "${id}" has no email in "${users.label}" (and their login_id is not an address), so they cannot be matched to a contact.` })];
  }
  return user;
}

/** The course's Ferry name; a reason not to import the line otherwise. */
function courseName(lookups: EnrollmentLookups, row: Row, nameColumn: string): string | Mapped {
  const { header, courses } = lookups;
  const id = header.cell(row, 'course_id');
  const issue = { column: header.header('course_id'), value: id };
  if (!id) {
    return [rejectedRow(row.at, { ...issue, code: 'missing_course', message: 'This enrollment has no course_id (a section_id alone is not enough: Ferry grants courses). Add the course_id.' })];
  }
  if (!courses) return id;
  const course = courses.get(id);
  if (!course) {
    return [rejectedRow(row.at, { ...issue, code: 'unknown_course', message: `No course in "${courses.label}" has the course_id "${id}". Check that both files come from the same export.` })];
  }
  if (course.deleted) return skip({ ...issue, code: 'deleted_course', message: `The course "${id}" is deleted in "${courses.label}", so this enrollment was not imported.` });
  if (!course.name) {
    return [rejectedRow(row.at, { ...issue, code: 'missing_course_name', message: `The course "${id}" has no ${nameColumn} in "${courses.label}"; Ferry names the product after it.` })];
  }
  return course.name;
}
