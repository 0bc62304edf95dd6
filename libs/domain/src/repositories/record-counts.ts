import type { SqlClient } from '@ferry/sdk';

const TABLES = { contacts: 'contact', grants: 'access_grant', completions: 'completion', memberships: 'team_member' } as const;
export type RecordKind = keyof typeof TABLES;

/** How many records of a kind a workspace holds: the base a sync's share of changes is measured against. */
export async function countRecords(db: SqlClient, workspaceId: string, kind: RecordKind): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int as n from ${TABLES[kind]} where workspace_id = ?`, [workspaceId]);
  return row.n;
}
