import { LANGUAGE_CODE, TEMPLATE_NAME } from '@ferry/domain';
import { Option } from '@ferry/sdk';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const ROLES = ['student', 'instructor', 'parent', 'client', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export class CourseEnrollmentConfig {
  @Option({
    title: 'Offer',
    description: 'The offer every row grants, by name (matched ignoring case). A row\'s own offer or product column comes first. An unknown offer stops the run before anything is written.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  offer?: string;

  @Option({
    title: 'Update existing contacts',
    description: 'When off, the names, phone, tags and fields of contacts that exist are left as they are; they still get the access.',
  })
  @IsBoolean()
  updateExisting: boolean = true;

  @Option({
    title: 'Role',
    description: 'The role added to every enrolled contact: student, instructor, parent, client or staff. Roles are only added, never removed.',
  })
  @IsIn(ROLES)
  role: Role = 'student';

  // On: a student given a course needs to hear where to find it.
  @Option({ title: 'Notify', description: 'Email every new access grant (the access-granted email, with a set-password link for contacts this import created); existing grants never send one.' })
  @IsBoolean()
  notify: boolean = true;

  @Option({ title: 'Email template', description: 'The email a new grant sends: access-granted, or a template of the workspace.' })
  @Matches(TEMPLATE_NAME, { message: 'template must be a template name (lower-case letters, digits, dashes)' })
  template: string = 'access-granted';

  @Option({ title: 'Email language', description: "The language of every email (en, de, …); without it each contact's own language, else English." })
  @IsOptional()
  @Matches(LANGUAGE_CODE, { message: 'language must be a language code such as en or de' })
  language?: string;
}
