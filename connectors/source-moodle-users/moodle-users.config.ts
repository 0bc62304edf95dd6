import { Option } from '@ferry/sdk';
import { IsIn, IsOptional, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { FERRY_ROLES, type FerryRole } from './moodle-roles';

@ValidatorConstraint({ name: 'roleMap' })
class RoleMapShape implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
    return Object.entries(value).every(([name, role]) => /\S/.test(name) && (FERRY_ROLES as readonly unknown[]).includes(role));
  }

  defaultMessage(): string {
    return `roleMap must map Moodle role short names to Ferry roles (${FERRY_ROLES.join(', ')}), e.g. { "manager": "staff" }`;
  }
}

export class MoodleUsersConfig {
  @Option({
    title: 'Rows for',
    description: '"people": one people row per user (role from role1, cohorts as tags, profile fields as custom fields); "enrollments": one course-enrollment row per courseN column.',
  })
  @IsIn(['people', 'enrollments'])
  emit: 'people' | 'enrollments' = 'people';

  @Option({ title: 'Role', description: 'people: the role of users the file gives none (no course1). When unset, the people sink\'s role option applies.' })
  @IsOptional()
  @IsIn(FERRY_ROLES)
  role?: FerryRole;

  @Option({
    title: 'Enrollments of role',
    description:
      'enrollments: only enrolments whose role is this Ferry role are read (student ← student; instructor ← editingteacher, teacher). Set the course-enrollment sink\'s role to the same, and run once per role.',
  })
  @IsIn(FERRY_ROLES)
  enrollmentRole: FerryRole = 'student';

  @Option({ title: 'Other roles', description: 'Moodle role short names → Ferry role, for roles beyond student, editingteacher and teacher, e.g. { "manager": "staff" }.' })
  @IsOptional()
  @Validate(RoleMapShape)
  roleMap?: Record<string, FerryRole>;

  @Option({ title: 'Grant by', description: 'enrollments: whether a course short name names a Ferry product (its own offer is granted) or an offer.' })
  @IsIn(['product', 'offer'])
  target: 'product' | 'offer' = 'product';
}
