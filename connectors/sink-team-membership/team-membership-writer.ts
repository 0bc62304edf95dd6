import { ContactBatchWriter, TeamMembershipStore, teamNameKey, withRoles, type ContactRef } from '@ferry/domain';
import { columnOf, type Outcome, type Row, type SinkContext, type SinkWriter } from '@ferry/sdk';
import { MAX_TEAM_NAME, teamNames } from './team-cells';
import type { TeamMembershipConfig } from './team-membership.config';

/** A row that passed: its index in the batch and the teams it names. */
interface TeamRow {
  index: number;
  names: string[];
}

/**
 * Writes each row's contact through the shared contact writer, then its
 * memberships: one lookup of the batch's teams, one of its memberships, one
 * insert of the new ones. A row is `created` when it adds a membership;
 * otherwise it keeps its contact's outcome.
 */
export class TeamMembershipWriter implements SinkWriter {
  /** Team ids by name key for the run: null for a team that does not exist; negative for one a dry-run would create. */
  private readonly teams = new Map<string, number | null>();
  private nextDryRunTeamId = -1;
  /** Dry-run only: memberships earlier batches would have added. */
  private readonly wouldJoin = new Set<string>();

  private constructor(
    private readonly config: TeamMembershipConfig,
    private readonly contacts: ContactBatchWriter,
  ) {}

  static async open(config: TeamMembershipConfig, context: SinkContext): Promise<TeamMembershipWriter> {
    return new TeamMembershipWriter(config, await ContactBatchWriter.open(context, { updateExisting: config.updateExisting }));
  }

  async write(rows: Row[], context: SinkContext): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(rows.length);
    const named = rows.map((row) => teamNames(row.values.team));
    await this.findTeams(named.flat(), context);
    const accepted: TeamRow[] = [];
    rows.forEach((row, index) => {
      const names = named[index];
      const column = columnOf(row, 'team');
      const long = names.find((name) => name.length > MAX_TEAM_NAME);
      const unknown = this.config.createTeams ? undefined : names.find((name) => this.teams.get(teamNameKey(name)) === null);
      if (long !== undefined) {
        outcomes[index] = { status: 'failed', issue: { column, value: long, code: 'value_too_long', message: `A team name has at most ${MAX_TEAM_NAME} characters.` } };
      } else if (unknown !== undefined) {
        outcomes[index] = { status: 'failed', issue: { column, value: unknown, code: 'unknown_team', message: `There is no team "${unknown}". Add it first (ferry teams add "${unknown}") or let the import create teams.` } };
      } else {
        accepted.push({ index, names });
      }
    });

    const role = this.config.role;
    const written = await this.contacts.write(accepted.map(({ index }) => (role ? withRoles(rows[index], [role]) : rows[index])), context);
    const joined: { row: TeamRow; contact: ContactRef }[] = [];
    accepted.forEach((row, i) => {
      outcomes[row.index] = written.outcomes[i];
      const contact = written.contacts[i];
      // Rows skipped because the contact exists still join their teams (updateExisting only guards the contact's fields).
      if (contact && written.outcomes[i].status !== 'failed') joined.push({ row, contact });
    });
    await this.createTeams(joined.flatMap(({ row }) => row.names), context);
    const added = await this.join(joined, context);

    for (const { row } of joined) {
      const outcome = outcomes[row.index];
      if (added.has(row.index)) outcomes[row.index] = { status: 'created' };
      else if (row.names.length === 0 && !outcome.issue) {
        const issue = { column: columnOf(rows[row.index], 'team'), value: '', code: 'missing_team', message: 'No team given: the contact was written without joining a team.' };
        outcomes[row.index] = { ...outcome, issue };
      }
    }
    return outcomes;
  }

  /** Adds the memberships that are new (in a dry-run, remembers them); returns the rows that added one. */
  private async join(joined: { row: TeamRow; contact: ContactRef }[], context: SinkContext): Promise<Set<number>> {
    const wanted = joined.flatMap(({ row, contact }) =>
      row.names.map((name) => {
        const teamId = this.teams.get(teamNameKey(name))!;
        // A contact or team a dry-run would create has no id yet: it is named by its key.
        return { index: row.index, teamId, contactId: contact.id, key: `${teamId}:${contact.id ?? `email:${contact.emailKey}`}` };
      }),
    );
    const store = new TeamMembershipStore(context.db);
    const stored = wanted.flatMap((w) => (w.teamId > 0 && w.contactId ? [{ teamId: w.teamId, contactId: w.contactId }] : []));
    const existing = await store.existing(context.workspaceId, stored);
    const added = new Set<number>();
    const fresh = new Map<string, { teamId: number; contactId: string }>();
    for (const w of wanted) {
      if (existing.has(w.key) || this.wouldJoin.has(w.key) || fresh.has(w.key)) continue;
      fresh.set(w.key, { teamId: w.teamId, contactId: w.contactId ?? '' });
      added.add(w.index);
    }
    if (context.dryRun) for (const key of fresh.keys()) this.wouldJoin.add(key);
    else await store.add(context.workspaceId, context.runId, [...fresh.values()]);
    return added;
  }

  /** Looks up the teams not seen yet in this run. */
  private async findTeams(names: string[], context: SinkContext): Promise<void> {
    const missing = this.unseen(names, (key) => !this.teams.has(key));
    if (missing.length === 0) return;
    const found = await new TeamMembershipStore(context.db).teamIds(context.workspaceId, missing, false);
    for (const name of missing) this.teams.set(teamNameKey(name), found.get(teamNameKey(name)) ?? null);
  }

  /** Creates the teams rows that were written need (a dry-run only numbers them), when the import may. */
  private async createTeams(names: string[], context: SinkContext): Promise<void> {
    const missing = this.unseen(names, (key) => this.teams.get(key) === null);
    if (missing.length === 0) return;
    const created = context.dryRun ? new Map<string, number>() : await new TeamMembershipStore(context.db).teamIds(context.workspaceId, missing, true);
    for (const name of missing) this.teams.set(teamNameKey(name), created.get(teamNameKey(name)) ?? this.nextDryRunTeamId--);
  }

  /** Names whose key passes `test`, once per key. */
  private unseen(names: string[], test: (key: string) => boolean): string[] {
    const byKey = new Map<string, string>();
    for (const name of names) {
      const key = teamNameKey(name);
      if (name.length <= MAX_TEAM_NAME && !byKey.has(key) && test(key)) byKey.set(key, name);
    }
    return [...byKey.values()];
  }
}
