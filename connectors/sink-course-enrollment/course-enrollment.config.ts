import { Option } from '@ferry/sdk';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

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
}
