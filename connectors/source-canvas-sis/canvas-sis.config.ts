import { Option } from '@ferry/sdk';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { CANVAS_FILES, type CanvasFile } from './canvas-files';
import { FERRY_ROLES, type FerryRole } from './canvas-roles';

@ValidatorConstraint({ name: 'roleMap' })
class RoleMapShape implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
    return Object.entries(value).every(([name, role]) => /\S/.test(name) && (FERRY_ROLES as readonly unknown[]).includes(role));
  }

  defaultMessage(): string {
    return `roleMap must map Canvas role names to Ferry roles (${FERRY_ROLES.join(', ')}), e.g. { "Grader": "instructor" }`;
  }
}

export class CanvasSisConfig {
  @Option({
    title: 'Canvas file',
    description: 'Which Canvas SIS file the input is: users, enrollments or courses; "auto" tells it from the header row.',
  })
  @IsIn(['auto', ...CANVAS_FILES])
  file: 'auto' | CanvasFile = 'auto';

  @Option({
    title: 'Rows for',
    description:
      'The sink the rows are for: "people" (users.csv: people; enrollments.csv: everyone enrolled with their role, and observers linked as parents of their students) ' +
      'or "enrollments" (enrollments.csv: course access for course-enrollment). "auto": people for users.csv, enrollments for enrollments.csv.',
  })
  @IsIn(['auto', 'people', 'enrollments'])
  emit: 'auto' | 'people' | 'enrollments' = 'auto';

  @Option({ title: 'Role', description: 'users.csv: the role every person gets (Canvas keeps roles in enrollments.csv). When unset, the people sink\'s role option applies.' })
  @IsOptional()
  @IsIn(FERRY_ROLES)
  role?: FerryRole;

  @Option({
    title: 'Enrollments of role',
    description:
      'enrollments.csv for course-enrollment: only enrollments whose Canvas role is this Ferry role are read (student ← student; instructor ← teacher, ta; staff ← designer; parent ← observer). ' +
      'Set the course-enrollment sink\'s role to the same, and run once per role.',
  })
  @IsIn(FERRY_ROLES)
  enrollmentRole: FerryRole = 'student';

  @Option({ title: 'Custom roles', description: 'Canvas role names (custom roles, or to override the built-in ones) → Ferry role, e.g. { "Grader": "instructor" }.' })
  @IsOptional()
  @Validate(RoleMapShape)
  roleMap?: Record<string, FerryRole>;

  @Option({
    title: 'users.csv',
    description: 'Path of the Canvas users.csv to look up the email and names of the user_id in enrollments.csv. Required for enrollments.csv.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  usersFile?: string;

  @Option({
    title: 'courses.csv',
    description: 'Path of the Canvas courses.csv to look up the name of the course_id in enrollments.csv. Required unless courseName is course_id.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  coursesFile?: string;

  @Option({ title: 'Course name', description: 'Which courses.csv column names the Ferry product (or offer): long_name, short_name, or course_id (the SIS id itself, no courses.csv needed).' })
  @IsIn(['long_name', 'short_name', 'course_id'])
  courseName: 'long_name' | 'short_name' | 'course_id' = 'long_name';

  @Option({ title: 'Grant by', description: 'Whether a course names a Ferry product (its own offer is granted) or an offer.' })
  @IsIn(['product', 'offer'])
  target: 'product' | 'offer' = 'product';

  @Option({
    title: 'Largest lookup',
    description: 'The most users (and the most courses) read from usersFile and coursesFile into memory, about 200 bytes each. A larger file stops the run before anything is written.',
  })
  @IsInt()
  @Min(1)
  @Max(5_000_000)
  maxLookupRows: number = 200_000;
}
