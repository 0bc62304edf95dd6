import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Workspace } from './workspace.entity';

export const CONTACT_ROLES = ['student', 'instructor', 'parent', 'client', 'staff'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/**
 * A person in the CRM. `emailKey` (the lower-cased email) is unique per
 * workspace; `email` keeps the spelling first imported. Tags are kept as an
 * array of tag ids on the contact: one row per contact keeps bulk upserts to a
 * single statement (a join table doubled the rows written per import). No
 * index on tag_ids yet: a GIN index slowed every bulk insert, and filtering a
 * workspace's contacts by tag scans only that workspace.
 */
@Entity({ tableName: 'contact' })
@Unique({ name: 'contact_workspace_email_key_unique', properties: ['workspace', 'emailKey'] })
// Partial: most contacts have no username, and a NULL entry in the index would cost every bulk insert.
@Unique({
  name: 'contact_workspace_username_key_unique',
  expression: 'create unique index "contact_workspace_username_key_unique" on "contact" ("workspace_id", "username_key") where "username_key" is not null',
})
// Lets a workspace's contacts be paged in id order (ferry contacts, the API, the ferry-contacts source) by
// index alone: without it PostgreSQL read and sorted the whole workspace for every page of a big one.
@Index({ name: 'contact_workspace_id_index', properties: ['workspace', 'id'] })
// Hash and partial: fingerprints are random (a btree's inserts cost twice as much) and looked up by equality only.
@Index({
  name: 'contact_row_fingerprint_index',
  expression: 'create index "contact_row_fingerprint_index" on "contact" using hash ("row_fingerprint") where "row_fingerprint" is not null',
})
export class Contact {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  // No foreign key: its per-row check cost more than a quarter of a bulk upsert.
  // Contacts are only ever written through workspace-scoped stores.
  @ManyToOne(() => Workspace, { createForeignKeyConstraint: false })
  workspace!: Workspace;

  /** Empty only for a student known by username whose parent is linked (young children have no email). */
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'text', nullable: true })
  emailKey?: string | null;

  @Property({ type: 'text', nullable: true })
  username?: string | null;

  /** The lower-cased username, unique per workspace. */
  @Property({ type: 'text', nullable: true })
  usernameKey?: string | null;

  /** What the person is to the school: student, instructor, parent, client, staff (several may apply). */
  @Property({ type: 'text[]', columnType: 'text[]', defaultRaw: "'{}'" })
  roles: ContactRole[] = [];

  /** Preferred language for emails (e.g. `de`); empty means the workspace's default. */
  @Property({ type: 'text', nullable: true })
  language?: string | null;

  @Property({ type: 'text', nullable: true })
  firstName?: string | null;

  @Property({ type: 'text', nullable: true })
  lastName?: string | null;

  /** E.164, e.g. +447700900123. */
  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  /** Custom field values by field key, typed per the field's definition. */
  @Property({ type: 'jsonb', defaultRaw: "'{}'" })
  fields: Record<string, unknown> = {};

  @Property({ type: 'integer[]', columnType: 'integer[]', defaultRaw: "'{}'" })
  tagIds: number[] = [];

  /**
   * The fingerprint (a hash of the pipeline's settings and the source row's
   * cells) of the row that set this contact, when that row had no issues and
   * reading it again would change nothing the batch left. A later run that
   * reads a row with the same fingerprint knows it would change nothing and
   * skips it without parsing phones or comparing. A trigger clears it on any
   * other change to the contact.
   */
  @Property({ type: 'uuid', nullable: true })
  rowFingerprint?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
