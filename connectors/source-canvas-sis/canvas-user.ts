import type { Row } from '@ferry/sdk';
import type { CanvasHeader } from './canvas-files';
import { personNames, type PersonNames } from './person-names';

/** One line of users.csv, as Ferry reads it. */
export interface CanvasUser {
  id: string;
  login: string;
  /** The email column, else login_id when that is an address (Canvas: "might be the same as login_id"). */
  email: string;
  emailFrom: 'email' | 'login_id';
  names: PersonNames;
  /** status=deleted: Canvas deletes the user and all their enrollments. */
  deleted: boolean;
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function canvasUser(header: CanvasHeader, row: Row): CanvasUser {
  const login = header.cell(row, 'login_id');
  const email = header.cell(row, 'email');
  const useLogin = email === '' && ADDRESS.test(login);
  return {
    id: header.cell(row, 'user_id'),
    login,
    email: useLogin ? login : email,
    emailFrom: useLogin ? 'login_id' : 'email',
    names: personNames(header.cell(row, 'first_name'), header.cell(row, 'last_name'), header.cell(row, 'full_name'), header.cell(row, 'sortable_name')),
    deleted: header.cell(row, 'status').toLowerCase() === 'deleted',
  };
}
