import type { Row } from '@ferry/sdk';
import { outRow, skip, type Mapped } from './adapter-rows';
import type { CanvasHeader } from './canvas-files';
import type { FerryRole } from './canvas-roles';
import { canvasUser } from './canvas-user';

/** users.csv lines as people rows; a deleted user is left out with a warning. */
export function userRows(header: CanvasHeader, role: FerryRole | undefined): (row: Row) => Mapped {
  return (row) => {
    const user = canvasUser(header, row);
    if (user.deleted) {
      return skip({
        column: header.header('status'),
        value: header.cell(row, 'status'),
        code: 'deleted_user',
        message: 'This user is deleted in Canvas (status deleted), so they were not imported.',
      });
    }
    const { names } = user;
    return [
      outRow(row.at, [
        ['email', user.email, header.header(user.emailFrom)],
        ['username', user.login, header.header('login_id')],
        ['first_name', names.first, header.header(names.from.first)],
        ['last_name', names.last, header.header(names.from.last)],
        ['role', role, 'role'],
      ]),
    ];
  };
}
