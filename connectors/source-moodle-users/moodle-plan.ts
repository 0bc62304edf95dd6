import type { ColumnInfo } from '@ferry/sdk';
import { MoodleHeader } from './moodle-header';
import type { MoodleUsersConfig } from './moodle-users.config';

/**
 * The header, checked for what the rows need (a FatalRunError naming the
 * missing column), and the fields the rows will carry.
 */
export function planOf(config: MoodleUsersConfig, columns: ColumnInfo[], label: string): { header: MoodleHeader; fields: ColumnInfo[] } {
  const header = MoodleHeader.of(columns, label);
  header.require(config.emit === 'enrollments' ? ['username', 'email', 'course1'] : ['username', 'email'], label);
  const h = (name: string) => header.header(name);
  const contact: [string, string][] = [['email', h('email')], ['first_name', h('firstname')], ['last_name', h('lastname')]];
  const fields: [string, string][] =
    config.emit === 'enrollments'
      ? [...contact, [config.target, header.courses.map((c) => c.course.header.trim()).join(', ')]]
      : [
          ...contact,
          ['username', h('username')],
          ['phone', h('phone1')],
          ['role', h('role1')],
          ['tags', header.cohorts.map((c) => c.header.trim()).join(', ') || 'cohort1'],
          ...header.profileFields.map(({ key, column }): [string, string] => [key, column.header.trim()]),
        ];
  return { header, fields: fields.map(([key, from], index) => ({ key, header: from, index })) };
}
