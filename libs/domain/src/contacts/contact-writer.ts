import { columnOf, type IssueInit, type Outcome, type RecognisedRecord, type Row, type SinkContext } from '@ferry/sdk';
import { ContactStore, type ContactPatch, type StoredContact } from '../repositories/contact-store';
import { CustomFieldStore, type CustomFieldDefinition } from '../repositories/custom-field-store';
import { TagStore } from '../repositories/tag-store';
import { BatchContacts, WouldExist, type BatchContact, type ContactKey } from './contact-index';
import { applyPatch, emailKeyOf, patchFromRow, wouldChange, type RowPatch } from './contact-patch';

export interface ContactWriterOptions {
  /** When false, rows for contacts that exist are skipped (`contact_exists`) and only new contacts are added. */
  updateExisting: boolean;
  /**
   * Reads `username` from rows and stores it (unique per workspace,
   * case-insensitively); a row without an email is then matched by its
   * username. Sinks that allow this decide which rows may (people).
   */
  usernames?: boolean;
  /**
   * Keeps each contact's row fingerprint (see Contact.rowFingerprint) and
   * answers `recognise`. Only for contacts matched by email alone.
   */
  fingerprints?: boolean;
}

/** The contact a row is about, once the batch is written. */
export interface ContactRef {
  /** Null in a dry-run for a contact that would be created. */
  id: string | null;
  /** The lower-cased email; empty only for a contact known by its username (with `usernames`). */
  emailKey: string;
  /** The lower-cased username, when the contact has one (with `usernames`). */
  usernameKey?: string;
}

export interface ContactWriteResult {
  /** One per row, in the batch's order. */
  outcomes: Outcome[];
  /** One per row: the row's contact, or undefined when the row failed. A skipped row still names its contact. */
  contacts: (ContactRef | undefined)[];
}

/**
 * Creates or updates the contacts a batch of mapped rows describe (email,
 * names, phone, tags, custom fields, roles, usernames), in a few statements
 * whatever the batch's size: look up the batch's contacts, compare in memory,
 * then one upsert of only the rows that change. A re-import that changes
 * nothing writes nothing. Used by `crm-contacts` and by every sink whose rows
 * may carry a contact's fields (enrollment, people, teams).
 */
export class ContactBatchWriter {
  private readonly tagIds = new Map<string, number>();
  /** Dry-run only: contacts as earlier batches would have left them. */
  private readonly wouldExist = new WouldExist();
  private nextDryRunTagId = -1;

  private constructor(
    private readonly options: ContactWriterOptions,
    private readonly customFields: Map<string, CustomFieldDefinition>,
    /** When the run started, and whether any contact had a fingerprint then (else nothing can be recognised). */
    private readonly recognition: { since: Date; possible: boolean },
  ) {}

  static async open(context: SinkContext, options: ContactWriterOptions): Promise<ContactBatchWriter> {
    const custom = await new CustomFieldStore(context.db).list(context.workspaceId);
    const recognition = options.fingerprints && !options.usernames
      ? await runStart(context).then(async (since) => ({ since, possible: await new ContactStore(context.db).hasFingerprints(context.workspaceId) }))
      : { since: new Date(0), possible: false };
    return new ContactBatchWriter(options, new Map(custom.map((field) => [field.key, field])), recognition);
  }

  /** False when no contact had a fingerprint as the run began: there is nothing to recognise. */
  get canRecognise(): boolean {
    return this.recognition.possible;
  }

  /** What besides the pipeline decides what a row writes: the custom fields' definitions. */
  get fingerprintSalt(): string {
    return JSON.stringify([...this.customFields.values()].map((f) => [f.key, f.type, f.options ?? null]).sort());
  }

  /**
   * The contacts the rows with these fingerprints last set, unchanged since
   * (by position; see SinkWriter.recognise). Contacts this run has written
   * are left out, in a dry-run those it would have changed too.
   */
  async recognise(fingerprints: string[], context: SinkContext): Promise<(RecognisedRecord | undefined)[]> {
    const records: (RecognisedRecord | undefined)[] = new Array(fingerprints.length);
    if (!this.recognition.possible || fingerprints.length === 0) return records;
    const found = await new ContactStore(context.db).recognise(context.workspaceId, fingerprints, this.recognition.since);
    for (const [i, emailKey] of found) {
      if (context.dryRun && this.wouldExist.has('emailKey', emailKey)) continue;
      records[i] = { key: emailKey, values: { email: emailKey } };
    }
    return records;
  }

  /** The contact key a mapped row names (its lower-cased email). */
  keyOf(row: Row): string | undefined {
    return emailKeyOf(row);
  }

  async write(rows: Row[], context: SinkContext): Promise<ContactWriteResult> {
    const outcomes: Outcome[] = new Array(rows.length);
    const rowPatches: (RowPatch | undefined)[] = rows.map((row, i) => {
      const patch = patchFromRow(row, this.customFields, { usernames: this.options.usernames });
      if (!('code' in patch)) return patch;
      outcomes[i] = { status: 'failed', issue: patch };
      return undefined;
    });
    await this.resolveTags(rowPatches, context);
    const contacts = await this.batchContacts(rowPatches, context);

    // Rows are applied in file order, so two rows for one contact end as if imported one by one.
    const rowContacts = rowPatches.map((rowPatch, i): BatchContact | undefined => {
      if (!rowPatch) return undefined;
      const patch = withTagIds(rowPatch, rowPatch.tagNames.map((name) => this.tagIds.get(name.toLowerCase())!));
      const contact = findContact(contacts, rows[i], patch);
      if ('code' in contact) {
        outcomes[i] = { status: 'failed', issue: contact };
        return undefined;
      }
      const before = contact.state;
      if (before && !this.options.updateExisting && !contact.patch) {
        const column = columnOf(rows[i], before.emailKey ? 'email' : 'username');
        outcomes[i] = { status: 'skipped', issue: { column, value: patch.email ?? patch.username, code: 'contact_exists', message: 'This contact exists and the import only adds new contacts.' } };
      } else if (before && !wouldChange(before, patch)) {
        outcomes[i] = { status: 'unchanged' };
      } else {
        outcomes[i] = { status: before ? 'updated' : 'created' };
        contacts.change(contact, applyPatch(before, patch), patch);
      }
      contact.firstRow ??= { row: rows[i], patch };
      return contact;
    });
    const changed = contacts.changed();
    if (this.options.fingerprints) keepFingerprints(changed);

    const inserted = await this.save(changed, context);
    // Another run created a contact between this batch's lookup and its write (two imports of one
    // file at once): the merge made it an update, and the count says so.
    if (inserted) {
      rowPatches.forEach((patch, i) => {
        if (outcomes[i]?.status === 'created' && patch?.emailKey && !inserted.has(patch.emailKey)) outcomes[i] = { status: 'updated' };
      });
    }
    const refs = rowContacts.map((contact): ContactRef | undefined => {
      const state = contact?.state;
      if (!state) return undefined;
      return { id: state.id || null, emailKey: state.emailKey ?? '', ...(state.usernameKey ? { usernameKey: state.usernameKey } : {}) };
    });
    return { outcomes, contacts: refs };
  }

  /** The batch's contacts as they are before it: one query, and in a dry-run what earlier batches would have written. */
  private async batchContacts(patches: (RowPatch | undefined)[], context: SinkContext): Promise<BatchContacts> {
    const emailKeys = new Set<string>();
    const usernameKeys = new Set<string>();
    for (const patch of patches) {
      if (patch?.emailKey) emailKeys.add(patch.emailKey);
      if (patch?.usernameKey) usernameKeys.add(patch.usernameKey);
    }
    const rows = await new ContactStore(context.db).findByKeys(context.workspaceId, [...emailKeys], [...usernameKeys]);
    const stored: Record<ContactKey, Map<string, StoredContact>> = { emailKey: new Map(), usernameKey: new Map() };
    for (const row of rows) {
      if (row.emailKey) stored.emailKey.set(row.emailKey, row);
      if (row.usernameKey) stored.usernameKey.set(row.usernameKey, row);
    }
    return new BatchContacts(context.dryRun
      ? (key, value) => this.wouldExist.lookup(stored, key, value)
      : (key, value) => stored[key].get(value));
  }

  /** Writes the changed contacts and gives new ones their ids; in a dry-run, remembers them for later batches instead. */
  /** Returns the email keys of the contacts it inserted (undefined in a dry-run). */
  private async save(changed: BatchContact[], context: SinkContext): Promise<Set<string> | undefined> {
    if (context.dryRun) {
      for (const contact of changed) this.wouldExist.put(contact.before, contact.state!);
      return undefined;
    }
    const store = new ContactStore(context.db);
    const gainEmail = changed.filter((c) => c.before?.id && !c.before.emailKey && c.patch!.emailKey);
    await store.attachEmails(context.workspaceId, gainEmail.map((c) => ({ id: c.before!.id, email: c.patch!.email!, emailKey: c.patch!.emailKey! })));
    const patches = changed.map((c) => c.patch!);
    const inserted = new Set<string>();
    const byEmail = await store.upsert(context.workspaceId, patches, inserted);
    const byUsername = await store.upsertByUsername(context.workspaceId, patches);
    for (const contact of changed) {
      const { emailKey, usernameKey } = contact.patch!;
      const id = contact.before?.id || (emailKey ? byEmail.get(emailKey) : byUsername.get(usernameKey!));
      contact.state = { ...contact.state!, id: id ?? '' };
    }
    return inserted;
  }

  /** Tag ids by lower-cased name, cached for the run; new tags are created (or, in a dry-run, numbered). */
  private async resolveTags(patches: (RowPatch | undefined)[], context: SinkContext): Promise<void> {
    const missing = new Map<string, string>();
    for (const patch of patches) {
      for (const name of patch?.tagNames ?? []) {
        const key = name.toLowerCase();
        if (!this.tagIds.has(key) && !missing.has(key)) missing.set(key, name);
      }
    }
    if (missing.size === 0) return;
    const found = await new TagStore(context.db).idsByName(context.workspaceId, [...missing.values()], !context.dryRun);
    for (const key of missing.keys()) this.tagIds.set(key, found.get(key) ?? this.nextDryRunTagId--);
  }
}

/** The row's patch with tag ids for names, as one literal: every patch keeps one shape (the order of combinePatches). */
function withTagIds(p: RowPatch, tagIds: number[]): ContactPatch {
  return {
    emailKey: p.emailKey, email: p.email, usernameKey: p.usernameKey, username: p.username, firstName: p.firstName, lastName: p.lastName,
    phone: p.phone, language: p.language, fields: p.fields, tagIds, roles: p.roles, rowFingerprint: p.rowFingerprint,
  };
}

/** When the run began (contacts written since are its own), from the database's clock. */
async function runStart(context: SinkContext): Promise<Date> {
  const [row] = await context.db.query<{ since: Date }>(
    `select coalesce((select started_at from import_run where workspace_id = ? and id::text = ?), now()) as since`,
    [context.workspaceId, context.runId],
  );
  return new Date(row.since);
}

/**
 * Sets the fingerprint each changed contact keeps: that of the batch's first
 * row for it, when that row has no issues and, read again on the contact as
 * the batch leaves it, would change nothing (later rows for the contact carry
 * dedupe's warning and are read every time); else none. An unchanged contact
 * keeps the fingerprint it has: the row it names leaves it as it is.
 */
function keepFingerprints(changed: BatchContact[]): void {
  for (const contact of changed) {
    const first = contact.firstRow;
    const keep = first && first.row.issues.length === 0 && !wouldChange(contact.state!, first.patch);
    contact.patch!.rowFingerprint = keep ? first.row.fingerprint ?? null : null;
  }
}

/** The contact a row names: by email, else by username; a username another contact holds is an error. */
function findContact(contacts: BatchContacts, row: Row, patch: ContactPatch): BatchContact | IssueInit {
  const byEmail = patch.emailKey ? contacts.find('emailKey', patch.emailKey) : undefined;
  const byUsername = patch.usernameKey ? contacts.find('usernameKey', patch.usernameKey) : undefined;
  // A contact known by username takes the row's email when it has none yet.
  const taken = byUsername && (byEmail ? byUsername !== byEmail : patch.emailKey && byUsername.state!.emailKey);
  if (taken) {
    const holder = byUsername.state!.email ? ` (${byUsername.state!.email})` : '';
    return { column: columnOf(row, 'username'), value: patch.username, code: 'username_taken', message: `Another contact${holder} has this username; usernames are unique.` };
  }
  return byEmail ?? byUsername ?? contacts.create();
}
