import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Workspace } from './workspace.entity';

/**
 * A person in the CRM. `emailKey` (the lower-cased email) is unique per
 * workspace; `email` keeps the spelling first imported. Tags are kept as an
 * array of tag ids on the contact: one row per contact keeps bulk upserts to a
 * single statement (a join table doubled the rows written per import).
 */
@Entity({ tableName: 'contact' })
@Unique({ name: 'contact_workspace_email_key_unique', properties: ['workspace', 'emailKey'] })
export class Contact {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  emailKey!: string;

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

  @Index({ name: 'contact_tag_ids_gin', type: 'gin' })
  @Property({ type: 'integer[]', columnType: 'integer[]', defaultRaw: "'{}'" })
  tagIds: number[] = [];

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
