import { AccessGrantStore, grantKey, queueEmails, type ContactBatchWriter, type ContactRef, type GrantKey, type NotifyOptions } from '@ferry/domain';
import { columnOf, createValues, isBlankCell, type Outcome, type Row, type SinkContext } from '@ferry/sdk';
import type { OfferResolver } from './offer-resolver';

/**
 * Writes a batch of enrollment rows: the offer each row grants, then its
 * contact (through the shared ContactBatchWriter), then one read of the
 * batch's existing grants and one insert of the new ones.
 */
export class EnrollmentBatchWriter {
  /** Dry-run only: grants earlier batches would have made, by {@link who} and offer. */
  private readonly wouldGrant = new Set<string>();

  constructor(
    private readonly offers: OfferResolver,
    private readonly contacts: ContactBatchWriter,
    private readonly role: string,
    private readonly notify: NotifyOptions,
  ) {}

  async write(rows: Row[], context: SinkContext): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(rows.length);
    const offers = await this.offers.resolve(rows, context);
    const accepted: { i: number; offerId: number }[] = [];
    rows.forEach((row, i) => {
      const offer = offers[i];
      if (isBlankCell(row.values.email)) {
        outcomes[i] = { status: 'failed', issue: { column: columnOf(row, 'email'), value: row.values.email, code: 'missing_email', message: 'The email address is empty; every contact needs one.' } };
      } else if (typeof offer !== 'number') {
        outcomes[i] = { status: 'failed', issue: offer };
      } else {
        accepted.push({ i, offerId: offer });
      }
    });
    // A row whose offer is wrong leaves its contact alone: it is rejected whole.
    const written = await this.contacts.write(accepted.map(({ i }) => this.withRole(rows[i])), context);

    // Offers a dry-run would create have negative ids and no grants yet.
    const candidates = accepted.flatMap(({ offerId }, j) => {
      const contactId = written.contacts[j]?.id;
      return contactId && offerId > 0 ? [{ contactId, offerId }] : [];
    });
    const grants = new AccessGrantStore(context.db);
    const stored = await grants.existing(context.workspaceId, candidates);

    const granted = new Set<string>();
    const toGrant: GrantKey[] = [];
    const createdContacts = new Set<string>();
    accepted.forEach(({ i, offerId }, j) => {
      const contactOutcome = written.outcomes[j];
      const contact = written.contacts[j];
      if (contactOutcome.status === 'failed' || !contact) {
        outcomes[i] = contactOutcome;
        return;
      }
      const key = `${who(contact)}\u0000${offerId}`;
      const exists = granted.has(key) || this.wouldGrant.has(key) || (contact.id !== null && stored.has(grantKey(contact.id, offerId)));
      outcomes[i] = outcomeOf(contactOutcome, exists);
      if (exists) return;
      granted.add(key);
      if (contactOutcome.status === 'created' && contact.id !== null) createdContacts.add(contact.id);
      if (contact.id !== null) toGrant.push({ contactId: contact.id, offerId });
    });
    if (context.dryRun) for (const key of granted) this.wouldGrant.add(key);
    else {
      const made = await grants.grant(context.workspaceId, context.runId, toGrant);
      // Only grants this batch made send an email, in its transaction; a new contact's carries the set-password link.
      await queueEmails(context, this.notify, made.map((g) => ({ contactId: g.contactId, offerId: g.offerId, newAccount: createdContacts.has(g.contactId) })));
    }
    return outcomes;
  }

  /** The row as the contact writer reads it, with the role to add (a copy: the engine's row is left as it came). */
  private withRole(row: Row): Row {
    const values = createValues(Object.entries(row.values));
    values.roles = [this.role];
    return { ...row, values };
  }
}

/**
 * A new grant makes the row `created`; else the contact's change decides. A
 * contact left as it is (`updateExisting` off: `skipped`) still gets the
 * access, so its row counts by the grant alone.
 */
function outcomeOf(contact: Outcome, grantExists: boolean): Outcome {
  const issue = contact.status === 'skipped' ? undefined : contact.issue;
  const status = !grantExists ? 'created' : contact.status === 'skipped' ? 'unchanged' : contact.status;
  return issue ? { status, issue } : { status };
}

/** A contact's id, or for one a dry-run would create (no id yet), its email key. */
const who = (contact: ContactRef): string => contact.id ?? `new:${contact.emailKey}`;
