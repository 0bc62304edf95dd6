import type { Row } from '@ferry/sdk';
import type { ContactPatch, StoredContact } from '../repositories/contact-store';
import { combinePatches } from './contact-patch';

export type ContactKey = 'emailKey' | 'usernameKey';

/** One contact as a batch sees it: as it was before the batch, as the batch's rows leave it, and what to write. */
export interface BatchContact {
  /** Undefined for a contact the batch creates. */
  readonly before: StoredContact | undefined;
  state: StoredContact | undefined;
  patch?: ContactPatch;
  /** The batch's first row for the contact, and what it asked. */
  firstRow?: { row: Row; patch: ContactPatch };
}

/** Where contacts that exist before the batch are found (the database, and in a dry-run what earlier batches would have written). */
export type ContactLookup = (key: ContactKey, value: string) => StoredContact | undefined;

/**
 * The batch's contacts by email and by username. A contact found both ways is
 * one entry; a key is only answered while the contact still has it.
 */
export class BatchContacts {
  private readonly byKey = { emailKey: new Map<string, BatchContact>(), usernameKey: new Map<string, BatchContact>() };
  private readonly byOrigin = new Map<StoredContact, BatchContact>();
  private readonly all: BatchContact[] = [];

  constructor(private readonly outside: ContactLookup) {}

  find(key: ContactKey, value: string): BatchContact | undefined {
    const inBatch = this.byKey[key].get(value);
    if (inBatch) return inBatch.state?.[key] === value ? inBatch : undefined;
    const stored = this.outside(key, value);
    if (!stored) return undefined;
    let contact = this.byOrigin.get(stored);
    if (!contact) {
      contact = { before: stored, state: stored, patch: undefined, firstRow: undefined };
      this.byOrigin.set(stored, contact);
      this.all.push(contact);
      this.index(contact);
    }
    return contact.state?.[key] === value ? contact : undefined;
  }

  /** A contact the batch creates. */
  create(): BatchContact {
    const contact: BatchContact = { before: undefined, state: undefined, patch: undefined, firstRow: undefined };
    this.all.push(contact);
    return contact;
  }

  /** Records a row's change; the contact is then found by its new keys. */
  change(contact: BatchContact, state: StoredContact, patch: ContactPatch): void {
    contact.state = state;
    contact.patch = combinePatches(contact.patch, patch);
    this.index(contact);
  }

  /** Contacts with something to write, in the order first seen. */
  changed(): BatchContact[] {
    return this.all.filter((contact) => contact.patch);
  }

  private index(contact: BatchContact): void {
    const { state } = contact;
    if (state?.emailKey) this.byKey.emailKey.set(state.emailKey, contact);
    if (state?.usernameKey) this.byKey.usernameKey.set(state.usernameKey, contact);
  }
}

/**
 * Dry-run only: contacts as earlier batches would have left them, so a later
 * batch classifies its rows against them (grows with the changes a dry-run finds).
 */
export class WouldExist {
  // One holder per contact, shared by its keys, so a key it no longer has is not answered.
  private readonly holders = new WeakMap<StoredContact, { current: StoredContact }>();
  private readonly byId = new Map<string, { current: StoredContact }>();
  private readonly byKey = { emailKey: new Map<string, { current: StoredContact }>(), usernameKey: new Map<string, { current: StoredContact }>() };

  /** The contact with this key, preferring what the dry-run would have made of a stored one. */
  lookup(stored: Record<ContactKey, Map<string, StoredContact>>, key: ContactKey, value: string): StoredContact | undefined {
    const would = this.byKey[key].get(value)?.current;
    if (would?.[key] === value) return would;
    const found = stored[key].get(value);
    const contact = (found && this.byId.get(found.id)?.current) ?? found;
    return contact?.[key] === value ? contact : undefined;
  }

  /** True when the dry-run would have changed a contact with this key. */
  has(key: ContactKey, value: string): boolean {
    return this.byKey[key].get(value)?.current[key] === value;
  }

  /** Records what the batch would have made of a contact (`before` as lookup returned it). */
  put(before: StoredContact | undefined, after: StoredContact): void {
    const holder = (before && this.holders.get(before)) ?? { current: after };
    holder.current = after;
    this.holders.set(after, holder);
    if (after.id) this.byId.set(after.id, holder);
    if (after.emailKey) this.byKey.emailKey.set(after.emailKey, holder);
    if (after.usernameKey) this.byKey.usernameKey.set(after.usernameKey, holder);
  }
}
