import type { RowOrigin, SqlClient } from '@ferry/sdk';
import type { LinkKind, LinkMatch } from '../entities';

/** A link read from a row: the row's student to another person, named by email or username. */
export interface LinkToMake {
  /** Null in a dry-run for a student that would be created. */
  studentId: string | null;
  kind: LinkKind;
  matchBy: LinkMatch;
  /** The lower-cased email or username. */
  otherKey: string;
  at: RowOrigin;
  /** The user's column header and the value as written, for the issue an unknown person becomes. */
  column: string;
  value: string;
}

/** What a link read from a row finds when it is recorded. */
export type LinkState = 'linked' | 'new' | 'unknown';

/** A pending link whose other person was found nowhere. */
export type UnresolvedLink = Omit<LinkToMake, 'studentId' | 'otherKey'>;

/** People a dry-run would have created, by lower-cased email and username: links to them count as resolved. */
export interface WouldBeCreated {
  emailKeys: Iterable<string>;
  usernameKeys: Iterable<string>;
}

const LINK_RECORD = `x(i int, student_id bigint, kind text, match_by text, other_key text, file text, sheet text, "row" int, "column" text, value text)`;

/** The run's pending links joined to the people they name (index-friendly: one join per way of naming). */
const RESOLVED = `
  select p.student_id, p.kind, o.id as other_id from pending_link p
    join contact o on o.workspace_id = p.workspace_id and o.email_key = p.other_key
   where p.workspace_id = ? and p.run_id = ? and p.match_by = 'email'
  union all
  select p.student_id, p.kind, o.id from pending_link p
    join contact o on o.workspace_id = p.workspace_id and o.username_key = p.other_key
   where p.workspace_id = ? and p.run_id = ? and p.match_by = 'username'`;

/**
 * Student ↔ parent and student ↔ instructor links. A run first records the
 * links its rows ask for (the other person may come later in the file), then
 * resolves them all at once when every row is in. Set-based; every method
 * takes the workspace id.
 */
export class ContactLinkStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * Records the links to make at the end of the run, leaving out those that
   * exist already. Returns, per link, whether it exists (`linked`), whether
   * its other person does and it is still to make (`new`), or whether that
   * person is not known yet (`unknown`: they may come later in the file).
   */
  async addPending(workspaceId: string, runId: string, links: LinkToMake[]): Promise<LinkState[]> {
    if (links.length === 0) return [];
    const payload = links.map((l, i) => ({
      i, student_id: l.studentId, kind: l.kind, match_by: l.matchBy, other_key: l.otherKey,
      file: l.at.file, sheet: l.at.sheet ?? null, row: l.at.row, column: l.column, value: l.value,
    }));
    const rows = await this.db.query<{ i: number; linked: boolean }>(
      `with x as (select * from json_to_recordset(?::json) as ${LINK_RECORD}),
       found as (
         select x.i, l.student_id is not null as linked from x
           join contact o on o.workspace_id = ?
                         and ((x.match_by = 'email' and o.email_key = x.other_key) or (x.match_by = 'username' and o.username_key = x.other_key))
           left join contact_link l on l.workspace_id = o.workspace_id and l.student_id = x.student_id and l.kind = x.kind and l.other_id = o.id
       ),
       pending as (
         insert into pending_link (workspace_id, run_id, student_id, kind, match_by, other_key, file, sheet, "row", "column", value)
         select ?, ?, x.student_id, x.kind, x.match_by, x.other_key, x.file, x.sheet, x."row", x."column", x.value
           from x where x.i not in (select i from found where linked)
       )
       select i, linked from found`,
      [JSON.stringify(payload), workspaceId, workspaceId, runId],
    );
    const states = new Array<LinkState>(links.length).fill('unknown');
    for (const row of rows) states[row.i] = row.linked ? 'linked' : 'new';
    return states;
  }

  /** The run's pending links to people found nowhere (nor among `alsoKnown`), in row order. */
  async unresolved(workspaceId: string, runId: string, alsoKnown?: WouldBeCreated): Promise<UnresolvedLink[]> {
    const rows = await this.db.query<{ kind: LinkKind; match_by: LinkMatch; file: string; sheet: string | null; row: number; column: string; value: string }>(
      `select p.kind, p.match_by, p.file, p.sheet, p."row", p."column", p.value
         from pending_link p
        where p.workspace_id = ? and p.run_id = ?
          and case p.match_by
                when 'email' then not exists (select 1 from contact o where o.workspace_id = p.workspace_id and o.email_key = p.other_key)
                                  and p.other_key <> all (array(select json_array_elements_text(?::json)))
                else not exists (select 1 from contact o where o.workspace_id = p.workspace_id and o.username_key = p.other_key)
                     and p.other_key <> all (array(select json_array_elements_text(?::json)))
              end
        order by p.file, p.sheet, p."row", p.id`,
      [workspaceId, runId, JSON.stringify([...(alsoKnown?.emailKeys ?? [])]), JSON.stringify([...(alsoKnown?.usernameKeys ?? [])])],
    );
    return rows.map((r) => ({
      kind: r.kind, matchBy: r.match_by, at: { file: r.file, sheet: r.sheet ?? undefined, row: r.row }, column: r.column, value: r.value,
    }));
  }

  /**
   * Makes the run's pending links whose people exist (linking twice changes
   * nothing) and gives each linked person the role of the link (parent,
   * instructor). Three statements whatever the number of links.
   */
  async resolve(workspaceId: string, runId: string): Promise<void> {
    const params = [workspaceId, runId, workspaceId, runId];
    await this.db.query(
      `insert into contact_link (student_id, kind, other_id, workspace_id, run_id)
       select distinct r.student_id, r.kind, r.other_id, ?::uuid, ?::uuid from (${RESOLVED}) r
        where r.student_id is not null and r.student_id <> r.other_id
       on conflict do nothing`,
      [workspaceId, runId, ...params],
    );
    await this.db.query(
      `update contact c set roles = array(select distinct x from unnest(c.roles || n.kinds) as x order by x), updated_at = now()
         from (select r.other_id, array_agg(distinct r.kind) as kinds from (${RESOLVED}) r where r.student_id <> r.other_id group by r.other_id) n
        where c.workspace_id = ? and c.id = n.other_id and not (c.roles @> n.kinds)`,
      [...params, workspaceId],
    );
  }

  /** Forgets the run's pending links (after resolving them, or at the end of a dry-run). */
  async clearPending(workspaceId: string, runId: string): Promise<void> {
    await this.db.query(`delete from pending_link where workspace_id = ? and run_id = ?`, [workspaceId, runId]);
  }
}
