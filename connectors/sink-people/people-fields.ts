import { CONTACT_ROLES, CORE_CONTACT_FIELDS } from '@ferry/domain';
import type { FieldSpec } from '@ferry/sdk';

/** The contact's fields (email not required: a student may be known by username) and the people fields. */
export const PEOPLE_FIELDS: FieldSpec[] = [
  ...CORE_CONTACT_FIELDS.map((field) => (field.key === 'email' ? { ...field, required: false } : field)),
  { key: 'username', label: 'Username', type: 'text', example: 'ada.l', aliases: ['user name', 'login', 'benutzername', 'benutzer'] },
  { key: 'role', label: 'Role', type: 'select', options: [...CONTACT_ROLES], example: 'student', aliases: ['roles', 'type', 'rolle'] },
  {
    key: 'parent_email', label: 'Parent email', type: 'email', example: 'charlotte.lovelace@example.com',
    aliases: ['parent e-mail', 'parents email', 'guardian email', 'eltern e-mail', 'eltern email'],
  },
  { key: 'parent_username', label: 'Parent username', type: 'text', example: 'charlotte.l', aliases: ['guardian username'] },
  {
    key: 'instructor_email', label: 'Instructor email', type: 'email', example: 'mary.somerville@example.com',
    aliases: ['instructor e-mail', 'teacher email', 'tutor email', 'lehrer e-mail', 'lehrer email'],
  },
];

/** Keys a workspace's custom field cannot take over in this sink. */
export const PEOPLE_KEYS = new Set(PEOPLE_FIELDS.map((field) => field.key));
