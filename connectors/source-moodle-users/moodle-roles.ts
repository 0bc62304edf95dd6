import type { Row } from '@ferry/sdk';
import { cellOf, headerOf, type CourseColumns } from './moodle-header';

export const FERRY_ROLES = ['student', 'instructor', 'parent', 'client', 'staff'] as const;
export type FerryRole = (typeof FERRY_ROLES)[number];

/** Moodle's standard course roles (role short names) as Ferry roles. */
export const MOODLE_ROLES: Readonly<Record<string, FerryRole>> = {
  student: 'student',
  editingteacher: 'instructor',
  teacher: 'instructor',
};

/** The legacy typeN column: 1 the course's default role (normally Student), 2 Teacher, 3 Non-editing teacher. */
const LEGACY_TYPES: Readonly<Record<string, string>> = { '1': 'student', '2': 'editingteacher', '3': 'teacher' };

/** The role, with the column it was read from (what issues name); or why it cannot be read. */
export type CourseRole = { role: FerryRole; column: string } | { unknown: { column: string; value: string; message: string } };

/**
 * The role of one numbered enrolment: roleN (a role short name; `roleMap`
 * first), else typeN, else Moodle's default course role, student.
 */
export function courseRole(row: Row, course: CourseColumns, roleMap: Record<string, FerryRole> | undefined): CourseRole {
  const role = cellOf(row, course.role);
  if (role) {
    const mapped = mapRole(role, roleMap);
    if (mapped) return { role: mapped, column: headerOf(course.role!) };
    const known = Object.keys(MOODLE_ROLES).join(', ');
    return { unknown: { column: headerOf(course.role!), value: role, message: `"${role}" is not a Moodle role Ferry knows (${known}). For another role, add it to the roleMap option, e.g. { "${role}": "staff" }.` } };
  }
  const type = cellOf(row, course.type);
  if (type) {
    const legacy = LEGACY_TYPES[type];
    if (legacy) return { role: mapRole(legacy, roleMap)!, column: headerOf(course.type!) };
    return { unknown: { column: headerOf(course.type!), value: type, message: `type${course.n} is 1 (student), 2 (teacher) or 3 (non-editing teacher); use role${course.n} for other roles.` } };
  }
  return { role: mapRole('student', roleMap)!, column: headerOf(course.course) };
}

function mapRole(name: string, roleMap: Record<string, FerryRole> | undefined): FerryRole | undefined {
  const key = name.toLowerCase();
  if (roleMap) for (const [moodle, ferry] of Object.entries(roleMap)) if (moodle.trim().toLowerCase() === key) return ferry;
  return Object.prototype.hasOwnProperty.call(MOODLE_ROLES, key) ? MOODLE_ROLES[key] : undefined;
}
