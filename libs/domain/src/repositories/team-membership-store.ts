import type { SqlClient } from '@ferry/sdk';

/** A team name's match key: trimmed and lower-cased, as the team catalog stores it. */
export const teamNameKey = (name: string): string => name.trim().toLowerCase();

/** Who belongs to which team. Set-based; every method takes the workspace id. */
export class TeamMembershipStore {
  constructor(private readonly db: SqlClient) {}

  /** Team ids by name key; with `create`, missing teams are created first (named as first written). */
  async teamIds(workspaceId: string, names: string[], create: boolean): Promise<Map<string, number>> {
    if (names.length === 0) return new Map();
    const payload = JSON.stringify(names.map((name) => ({ name: name.trim(), name_key: teamNameKey(name) })));
    if (create) {
      await this.db.query(
        `insert into team (workspace_id, name, name_key)
         select distinct on (x.name_key) ?, x.name, x.name_key from json_to_recordset(?::json) as x(name text, name_key text)
         on conflict (workspace_id, name_key) do nothing`,
        [workspaceId, payload],
      );
    }
    const rows = await this.db.query<{ id: number; name_key: string }>(
      `select id, name_key from team
        where workspace_id = ? and name_key in (select x.name_key from json_to_recordset(?::json) as x(name text, name_key text))`,
      [workspaceId, payload],
    );
    return new Map(rows.map((row) => [row.name_key, row.id]));
  }

  /** Which of the pairs are memberships already, as `teamId:contactId`. */
  async existing(workspaceId: string, pairs: { teamId: number; contactId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await this.db.query<{ team_id: number; contact_id: string }>(
      `select m.team_id, m.contact_id from team_member m
         join json_to_recordset(?::json) as x(team_id int, contact_id bigint) on m.team_id = x.team_id and m.contact_id = x.contact_id
        where m.workspace_id = ?`,
      [JSON.stringify(pairs.map((p) => ({ team_id: p.teamId, contact_id: p.contactId }))), workspaceId],
    );
    return new Set(rows.map((row) => `${row.team_id}:${row.contact_id}`));
  }

  /** Adds the memberships (those that exist are left as they are). */
  async add(workspaceId: string, runId: string, pairs: { teamId: number; contactId: string }[]): Promise<void> {
    if (pairs.length === 0) return;
    await this.db.query(
      `insert into team_member (team_id, contact_id, workspace_id, run_id)
       select distinct x.team_id, x.contact_id, ?::uuid, ?::uuid from json_to_recordset(?::json) as x(team_id int, contact_id bigint)
       on conflict do nothing`,
      [workspaceId, runId, JSON.stringify(pairs.map((p) => ({ team_id: p.teamId, contact_id: p.contactId })))],
    );
  }
}
