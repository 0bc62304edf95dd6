import type { Manifest } from '@ferry/sdk';

export const manifest: Manifest<'source'> = {
  kind: 'source',
  name: 'moodle-users',
  title: 'Moodle upload users CSV',
  description: "Reads Moodle's upload users CSV (course1, role1, cohort1, profile_field_*) as rows for the people or course-enrollment sink.",
  version: 1,
};
