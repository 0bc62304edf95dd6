import { ConfigError, type SqlClient } from '@ferry/sdk';
import { catalogName } from '../catalog/catalog-name';

export interface TeamView {
  name: string;
  members: number;
}

/** Teams (a class, a client's staff). Every method takes the workspace id. */
export class TeamStore {
  constructor(private readonly db: SqlClient) {}

  async add(workspaceId: string, rawName: string): Promise<{ id: number; name: string }> {
    const { name, nameKey } = catalogName('team', rawName);
    const [row] = await this.db.query<{ id: number }>(
      `insert into team (workspace_id, name, name_key) values (?, ?, ?) on conflict (workspace_id, name_key) do nothing returning id`,
      [workspaceId, name, nameKey],
    );
    if (!row) {
      const [existing] = await this.db.query<{ name: string }>(`select name from team where workspace_id = ? and name_key = ?`, [workspaceId, nameKey]);
      throw new ConfigError('team_exists', `There is already a team "${existing?.name ?? name}".`);
    }
    return { id: row.id, name };
  }

  async list(workspaceId: string): Promise<TeamView[]> {
    return this.db.query<TeamView>(
      `select t.name, (select count(*) from team_member m where m.workspace_id = t.workspace_id and m.team_id = t.id)::int as members
         from team t
        where t.workspace_id = ?
        order by t.name_key`,
      [workspaceId],
    );
  }
}
