import type { SqlClient } from '@ferry/sdk';

/** One person with everything the learning sinks attach to them: what an admin checks after an import. */
export interface ContactProfile {
  email: string | null;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  roles: string[];
  tags: string[];
  fields: Record<string, unknown>;
  /** Offers the contact has access to. */
  offers: string[];
  teams: string[];
  /** The contact's parents and instructors. */
  parents: string[];
  instructors: string[];
  /** Students this contact is the parent or instructor of. */
  students: { kind: string; student: string }[];
  completions: number;
}

/** A person known by email or username, found case-insensitively; undefined when the workspace has nobody by that name. */
export async function contactProfile(db: SqlClient, workspaceId: string, emailOrUsername: string): Promise<ContactProfile | undefined> {
  const key = emailOrUsername.trim().toLowerCase();
  const [profile] = await db.query<ContactProfile>(
    `select c.email, c.username, c.first_name, c.last_name, c.phone, c.roles, c.fields,
            array(select t.name from tag t where t.workspace_id = c.workspace_id and t.id = any(c.tag_ids) order by t.name) as tags,
            array(select o.name from access_grant g join offer o on o.id = g.offer_id and o.workspace_id = g.workspace_id
                   where g.workspace_id = c.workspace_id and g.contact_id = c.id order by o.name) as offers,
            array(select t.name from team_member m join team t on t.id = m.team_id and t.workspace_id = m.workspace_id
                   where m.workspace_id = c.workspace_id and m.contact_id = c.id order by t.name) as teams,
            array(select coalesce(p.email, p.username) from contact_link l join contact p on p.id = l.other_id and p.workspace_id = l.workspace_id
                   where l.workspace_id = c.workspace_id and l.student_id = c.id and l.kind = 'parent' order by 1) as parents,
            array(select coalesce(p.email, p.username) from contact_link l join contact p on p.id = l.other_id and p.workspace_id = l.workspace_id
                   where l.workspace_id = c.workspace_id and l.student_id = c.id and l.kind = 'instructor' order by 1) as instructors,
            coalesce((select json_agg(json_build_object('kind', l.kind, 'student', coalesce(s.email, s.username)) order by coalesce(s.email, s.username))
                        from contact_link l join contact s on s.id = l.student_id and s.workspace_id = l.workspace_id
                       where l.workspace_id = c.workspace_id and l.other_id = c.id), '[]') as students,
            (select count(*)::int from completion x where x.workspace_id = c.workspace_id and x.contact_id = c.id) as completions
       from contact c
      where c.workspace_id = ? and (c.email_key = ? or c.username_key = ?)
      order by (c.email_key = ?) desc
      limit 1`,
    [workspaceId, key, key, key],
  );
  return profile;
}
