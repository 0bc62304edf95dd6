import { CONTACT_ROLES, type ContactRole } from '@ferry/domain';
import { columnOf, isBlankCell, trimCell, type IssueInit, type Row } from '@ferry/sdk';
import { readLinks, type LinkCell } from './link-cells';

/** What a row asks beyond the contact's own fields. */
export interface PeopleRow {
  role: ContactRole;
  links: LinkCell[];
}

const ROLE_LIST = CONTACT_ROLES.join(', ');

/**
 * Reads a row's role and links and checks the rules of this sink: only a
 * student has parents or instructors, nobody links to themselves, and only
 * a student with a username and a linked parent may have no email.
 */
export function readPeopleRow(row: Row, defaultRole: ContactRole | undefined): PeopleRow | IssueInit {
  const role = readRole(row, defaultRole);
  if (typeof role !== 'string') return role;
  const links = readLinks(row);
  if (!Array.isArray(links)) return links;
  if (links.length > 0 && role !== 'student') {
    const [link] = links;
    return { column: link.column, value: link.value, code: 'not_a_student', message: `Only a student has parents or instructors, and this row's role is ${role}. Leave the column empty or make the role student.` };
  }
  const email = textOf(row.values.email);
  const username = textOf(row.values.username);
  const self = links.find((link) => link.key === (link.matchBy === 'email' ? email : username)?.toLowerCase());
  if (self) return { column: self.column, value: self.value, code: 'self_link', message: `This is the row's own ${self.matchBy}: a person cannot be their own ${self.kind}.` };
  if (email === undefined && !(role === 'student' && username !== undefined && links.some((link) => link.kind === 'parent'))) {
    const who = username === undefined ? 'This row' : `"${username}"`;
    return {
      column: columnOf(row, 'email'),
      value: row.values.email ?? '',
      code: 'missing_email',
      message: `${who} has no email address. Only a student with a username and a linked parent (Parent email or Parent username) may have none.`,
    };
  }
  return { role, links };
}

function readRole(row: Row, defaultRole: ContactRole | undefined): ContactRole | IssueInit {
  const cell = textOf(row.values.role);
  if (cell === undefined) {
    return defaultRole ?? {
      column: columnOf(row, 'role'), value: '', code: 'missing_role',
      message: `This row has no role. Fill in the role (${ROLE_LIST}) or set one for the whole import.`,
    };
  }
  const role = CONTACT_ROLES.find((known) => known === cell.toLowerCase());
  return role ?? { column: columnOf(row, 'role'), value: cell, code: 'unknown_role', message: `"${cell}" is not a role. Use one of: ${ROLE_LIST}.` };
}

function textOf(value: unknown): string | undefined {
  if (isBlankCell(value)) return undefined;
  return trimCell(String(value), true);
}
