import { ContactBatchWriter, ContactLinkStore, notifyCreatedContacts, withRoles, type LinkToMake, type UnresolvedLink } from '@ferry/domain';
import type { LateIssue, Outcome, Row, SinkContext, SinkWriter } from '@ferry/sdk';
import type { PeopleConfig } from './people.config';
import { readPeopleRow, type PeopleRow } from './people-row';

/**
 * Writes people through the shared contact writer (with their role), then
 * records the links their rows ask for; the links are made in finish(), once
 * every person in the file exists. Pending links live in a run-scoped table,
 * in the batch's transaction, so memory stays flat and a resumed run still
 * makes the links of batches written before it stopped.
 */
export class PeopleWriter implements SinkWriter {
  /** Dry-run only: keys of people the run would create (or give a new email or username), so links to them count as resolved. */
  private readonly wouldCreate = { emailKeys: new Set<string>(), usernameKeys: new Set<string>() };

  private constructor(
    private readonly config: PeopleConfig,
    private readonly contacts: ContactBatchWriter,
  ) {}

  static async open(config: PeopleConfig, context: SinkContext): Promise<PeopleWriter> {
    const contacts = await ContactBatchWriter.open(context, { updateExisting: config.updateExisting, usernames: true });
    return new PeopleWriter(config, contacts);
  }

  async write(rows: Row[], context: SinkContext): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(rows.length);
    const accepted: { index: number; person: PeopleRow }[] = [];
    rows.forEach((row, index) => {
      const person = readPeopleRow(row, this.config.role);
      if ('code' in person) outcomes[index] = { status: 'failed', issue: person };
      else accepted.push({ index, person });
    });
    const written = await this.contacts.write(accepted.map(({ index, person }) => withRoles(rows[index], [person.role])), context);
    await notifyCreatedContacts(context, written, this.config);

    const links: LinkToMake[] = [];
    const linkRows: number[] = [];
    accepted.forEach(({ index, person }, i) => {
      const outcome = (outcomes[index] = written.outcomes[i]);
      const contact = written.contacts[i];
      // A skipped row (the person exists and only new ones are wanted) makes no links either.
      if (!contact || outcome.status === 'failed' || outcome.status === 'skipped') return;
      if (context.dryRun && (outcome.status === 'created' || outcome.status === 'updated')) {
        if (contact.emailKey) this.wouldCreate.emailKeys.add(contact.emailKey);
        if (contact.usernameKey) this.wouldCreate.usernameKeys.add(contact.usernameKey);
      }
      for (const link of person.links) {
        links.push({ studentId: contact.id, kind: link.kind, matchBy: link.matchBy, otherKey: link.key, at: rows[index].at, column: link.column, value: link.value });
        linkRows.push(index);
      }
    });
    const states = await new ContactLinkStore(context.db).addPending(context.workspaceId, context.runId, links);
    // A link to someone who exists (or a dry-run would have created) changes the student even when
    // the contact's own fields do not. A link to someone not known yet is settled in finish().
    states.forEach((state, k) => {
      const willLink = state === 'new' || (state === 'unknown' && context.dryRun && this.wouldCreated(links[k]));
      if (willLink && outcomes[linkRows[k]].status === 'unchanged') outcomes[linkRows[k]] = { status: 'updated' };
    });
    return outcomes;
  }

  private wouldCreated(link: LinkToMake): boolean {
    return (link.matchBy === 'email' ? this.wouldCreate.emailKeys : this.wouldCreate.usernameKeys).has(link.otherKey);
  }

  /** Makes the run's links (in a dry-run, only checks them) and reports those to people found nowhere. */
  async finish(context: SinkContext): Promise<LateIssue[]> {
    const store = new ContactLinkStore(context.db);
    const unresolved = await store.unresolved(context.workspaceId, context.runId, context.dryRun ? this.wouldCreate : undefined);
    if (!context.dryRun) await store.resolve(context.workspaceId, context.runId);
    await store.clearPending(context.workspaceId, context.runId);
    return unresolved.map(lateIssue);
  }
}

function lateIssue(link: UnresolvedLink): LateIssue {
  const by = link.matchBy === 'email' ? 'email address' : 'username';
  return {
    at: link.at,
    severity: 'error',
    column: link.column,
    value: link.value,
    code: link.kind === 'parent' ? 'unknown_parent' : 'unknown_instructor',
    message: `No one has the ${by} "${link.value}", in this file or before, so the ${link.kind} could not be linked. Add the ${link.kind} as a row of their own (anywhere in the file) or import them first.`,
  };
}
