import { CustomFieldStore, TeamStore, type Database } from '@ferry/domain';
import { createRow, createValues, type Row, type SinkContext } from '@ferry/sdk';
import { randomUUID } from 'node:crypto';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { teamMembershipSink } from '..';
import { TeamMembershipConfig } from '../team-membership.config';
import { teamNames } from '../team-cells';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

let rowNumber = 1;
function row(values: Record<string, unknown>, columns?: Record<string, string>): Row {
  const r = createRow(createValues(Object.entries(values)), { file: 'clients.csv', row: ++rowNumber });
  if (columns) r.columns = columns;
  return r;
}

/** Writes batches through one writer, a transaction each, as the engine does. */
async function run(workspaceId: string, batches: Row[][], options: { dryRun?: boolean; config?: Partial<TeamMembershipConfig> } = {}) {
  const context: SinkContext = { workspaceId, runId: randomUUID(), dryRun: options.dryRun ?? false, db: db.sql };
  const writer = await teamMembershipSink.open(Object.assign(new TeamMembershipConfig(), options.config), context);
  const outcomes = [];
  for (const batch of batches) outcomes.push(...(await db.transaction((sql) => writer.write(batch, { ...context, db: sql }))));
  return outcomes;
}

async function members(workspaceId: string): Promise<string[]> {
  const rows = await db.sql.query<{ m: string }>(
    `select t.name || ': ' || c.email as m from team_member m join team t on t.id = m.team_id join contact c on c.id = m.contact_id
      where m.workspace_id = ? order by 1`,
    [workspaceId],
  );
  return rows.map((r) => r.m);
}

const teams = async (workspaceId: string) =>
  (await db.sql.query<{ name: string }>(`select name from team where workspace_id = ? order by name`, [workspaceId])).map((t) => t.name);

describe('team-membership sink', () => {
  it('puts contacts into teams matched trimmed and case-insensitively, several per cell, and finds them unchanged the second time', async () => {
    const ws = await newWorkspace(db);
    const store = new TeamStore(db.sql);
    await store.add(ws.id, 'Class 4b');
    await store.add(ws.id, 'Chess Club');
    const rows = () => [
      row({ email: 'ada@example.com', first_name: 'Ada', team: '  class 4B ' }),
      row({ email: 'alan@example.com', team: 'CHESS CLUB; Class 4b,chess club' }),
    ];
    expect((await run(ws.id, [rows()])).map((o) => o.status)).toEqual(['created', 'created']);
    expect(await members(ws.id)).toEqual(['Chess Club: alan@example.com', 'Class 4b: ada@example.com', 'Class 4b: alan@example.com']);
    expect((await run(ws.id, [rows()])).map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect(await members(ws.id)).toHaveLength(3);
  });

  it('tells a new membership (created) from a changed contact already in the team (updated)', async () => {
    const ws = await newWorkspace(db);
    await new TeamStore(db.sql).add(ws.id, 'Red');
    await new TeamStore(db.sql).add(ws.id, 'Blue');
    await run(ws.id, [[row({ email: 'kim@example.com', team: 'Red' })]]);
    const outcomes = await run(ws.id, [[
      row({ email: 'kim@example.com', first_name: 'Kim', team: 'Red' }),
      row({ email: 'kim@example.com', team: 'Red; Blue' }),
      row({ email: 'kim@example.com', team: 'blue' }),
    ]]);
    expect(outcomes.map((o) => o.status)).toEqual(['updated', 'created', 'unchanged']);
  });

  it('rejects a row naming an unknown team, naming it, and writes nothing for that row', async () => {
    const ws = await newWorkspace(db);
    await new TeamStore(db.sql).add(ws.id, 'Red');
    const outcomes = await run(ws.id, [[
      row({ email: 'a@example.com', team: 'Red; Purple' }, { team: 'Gruppe' }),
      row({ email: 'b@example.com', team: 'red' }),
    ]]);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'created']);
    expect(outcomes[0].issue).toMatchObject({ column: 'Gruppe', value: 'Purple', code: 'unknown_team', message: expect.stringContaining('"Purple"') });
    expect(await members(ws.id)).toEqual(['Red: b@example.com']);
    expect((await db.sql.query(`select email from contact where workspace_id = ?`, [ws.id])).map((c) => c.email)).toEqual(['b@example.com']);
  });

  it('creates unknown teams when asked, once each whatever the spelling', async () => {
    const ws = await newWorkspace(db);
    const outcomes = await run(ws.id, [
      [row({ email: 'a@example.com', team: ' Staff Room ' }), row({ email: 'b@example.com', team: 'staff room' })],
      [row({ email: 'c@example.com', team: 'STAFF ROOM' })],
    ], { config: { createTeams: true } });
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'created', 'created']);
    expect(await teams(ws.id)).toEqual(['Staff Room']);
    expect(await members(ws.id)).toHaveLength(3);
  });

  it('in a dry-run counts would-be teams and memberships as a real run would, across batches, and writes nothing', async () => {
    const ws = await newWorkspace(db);
    await new TeamStore(db.sql).add(ws.id, 'Red');
    await run(ws.id, [[row({ email: 'old@example.com', team: 'Red' })]]);
    const batches = [
      [row({ email: 'old@example.com', team: 'Red' }), row({ email: 'new@example.com', team: 'Red; Green' }), row({ email: 'old@example.com', team: 'green' })],
      [row({ email: 'NEW@example.com', team: 'green' }), row({ email: 'old@example.com', team: 'Green' }), row({ email: 'x@example.com', team: 'Blue' })],
    ];
    const dry = await run(ws.id, batches, { dryRun: true, config: { createTeams: true } });
    expect(dry.map((o) => o.status)).toEqual(['unchanged', 'created', 'created', 'unchanged', 'unchanged', 'created']);
    expect(await teams(ws.id)).toEqual(['Red']);
    expect(await members(ws.id)).toEqual(['Red: old@example.com']);
    const real = await run(ws.id, batches, { config: { createTeams: true } });
    expect(real.map((o) => o.status)).toEqual(dry.map((o) => o.status));
    expect(await teams(ws.id)).toEqual(['Blue', 'Green', 'Red']);
  });

  it('gives every contact the role of the import, and still puts existing contacts in teams when they are not to be updated', async () => {
    const ws = await newWorkspace(db);
    await new TeamStore(db.sql).add(ws.id, 'Acme');
    await run(ws.id, [[row({ email: 'boss@example.com', first_name: 'Boss' })]]);
    const outcomes = await run(ws.id, [[
      row({ email: 'boss@example.com', first_name: 'Changed', team: 'Acme' }),
      row({ email: 'staff@example.com', team: 'Acme' }),
    ]], { config: { role: 'client', updateExisting: false } });
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'created']);
    const contacts = await db.sql.query<{ email: string; first_name: string; roles: string[] }>(
      `select email, first_name, roles from contact where workspace_id = ? order by email`, [ws.id]);
    expect(contacts).toEqual([
      { email: 'boss@example.com', first_name: 'Boss', roles: [] },
      { email: 'staff@example.com', first_name: null, roles: ['client'] },
    ]);
    expect(await members(ws.id)).toEqual(['Acme: boss@example.com', 'Acme: staff@example.com']);
    const roles = await run(ws.id, [[row({ email: 'boss@example.com', team: 'Acme' })]], { config: { role: 'client' } });
    expect(roles.map((o) => o.status)).toEqual(['updated']);
  });

  it('writes the contact of a row without a team and warns about it', async () => {
    const ws = await newWorkspace(db);
    const outcomes = await run(ws.id, [[row({ email: 'solo@example.com', team: ' ; ' }, { team: 'Team' })]]);
    expect(outcomes).toEqual([{ status: 'created', issue: expect.objectContaining({ column: 'Team', code: 'missing_team' }) }]);
  });

  it('lists the contact fields, the team and the custom fields', async () => {
    const ws = await newWorkspace(db);
    await new CustomFieldStore(db.sql).add(ws.id, { key: 'company', type: 'text' });
    const fields = await teamMembershipSink.fields(new TeamMembershipConfig(), { workspaceId: ws.id, runId: randomUUID(), dryRun: true, db: db.sql });
    expect(fields.map((f) => f.key)).toEqual(['email', 'first_name', 'last_name', 'phone', 'tags', 'language', 'team', 'company']);
    expect(fields.find((f) => f.key === 'team')?.required).toBe(true);
  });
});

describe('team cells', () => {
  it('splits on ; and , and drops blanks and repeats that differ only in case', () => {
    expect(teamNames(' A ;b, a ;; B\u00a0')).toEqual(['A', 'b']);
    expect(teamNames(['x', 'y; X'])).toEqual(['x', 'y']);
    expect(teamNames(undefined)).toEqual([]);
  });
});
