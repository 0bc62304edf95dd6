import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Workspace } from './workspace.entity';

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * The outbox: one email to send, written by a sink in the same transaction as
 * the contact or access grant it is about, so a message exists exactly when
 * its cause was committed. The unique key (run, contact, template, offer)
 * keeps a retried or resumed run from writing a message twice. A sender
 * claims messages (`sending`, with a lease) and marks them `sent`, or
 * `failed` once retrying is pointless.
 */
@Entity({ tableName: 'email_outbox' })
@Unique({
  name: 'email_outbox_run_contact_template_unique',
  expression: 'create unique index "email_outbox_run_contact_template_unique" on "email_outbox" ("run_id", "contact_id", "template", coalesce("offer_id", 0))',
})
@Index({ name: 'email_outbox_due_idx', properties: ['status', 'nextAttemptAt'] })
@Index({ name: 'email_outbox_workspace_run_idx', properties: ['workspace', 'runId'] })
export class EmailMessage {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  // No foreign keys to contacts, runs or offers, as for the other tables sinks write in bulk.
  @ManyToOne(() => Workspace, { createForeignKeyConstraint: false })
  workspace!: Workspace;

  @Property({ type: 'uuid' })
  runId!: string;

  @Property({ type: 'bigint' })
  contactId!: string;

  /** The template's name (`activation`, `invitation`, `access-granted`, or one of the workspace's). */
  @Property({ type: 'text' })
  template!: string;

  /** The language asked for (e.g. `de`); rendering falls back to English when the template has no such version. */
  @Property({ type: 'text' })
  language!: string;

  /** The email address when the message was written (the contact's at that moment). */
  @Property({ type: 'text' })
  recipient!: string;

  /** The offer an access email is about. */
  @Property({ type: 'integer', nullable: true })
  offerId?: number | null;

  /** An access email to a contact the same run created: the template adds the set-password link. */
  @Property({ type: 'boolean', default: false })
  newAccount: boolean = false;

  /** Carried by the message's links (set-password, course) for the platform to recognise them. */
  @Property({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  token!: string;

  @Enum({ items: () => EMAIL_STATUSES, default: 'queued' })
  status: EmailStatus = 'queued';

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  nextAttemptAt: Date = new Date();

  /** The sender holding the message while it sends it, and until when: after a crash another takes it over. */
  @Property({ type: 'text', nullable: true })
  leaseOwner?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  leaseUntil?: Date | null;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  sentAt?: Date | null;
}

/** A workspace's own email template (or its own version of a built-in one) in one language. */
@Entity({ tableName: 'email_template' })
@Unique({ name: 'email_template_workspace_name_language_unique', properties: ['workspace', 'name', 'language'] })
export class EmailTemplate {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  language!: string;

  /** The whole template file: subject, html and text sections (see templates/email/README.md). */
  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}

/**
 * A workspace's sending allowance, as a token bucket: `tokens` left at
 * `refilledAt`, refilled at `perMinute` (null: FERRY_EMAIL_RATE_PER_MINUTE).
 * Senders lock the row while they claim, so the limit holds across workers.
 */
@Entity({ tableName: 'email_rate' })
export class EmailRate {
  @ManyToOne(() => Workspace, { primary: true, deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'integer', nullable: true })
  perMinute?: number | null;

  @Property({ type: 'double' })
  tokens!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  refilledAt: Date = new Date();
}
