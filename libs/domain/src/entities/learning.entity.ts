import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Contact } from './contact.entity';
import { Workspace } from './workspace.entity';

/*
 * The learning side of the platform. Products are courses; offers are what a
 * student buys and grant one or more products; a product's content is a tree
 * (programme → journey → activity). Tables written in bulk by sinks (grants,
 * completions, links, memberships) have no foreign keys to contacts or runs:
 * the per-row checks cost more than the writes, and every write goes through
 * workspace-scoped stores. Names are matched trimmed and case-insensitively
 * through a `name_key` column, as tags are.
 */

/** A course. */
@Entity({ tableName: 'product' })
@Unique({ name: 'product_workspace_name_key_unique', properties: ['workspace', 'nameKey'] })
export class Product {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  nameKey!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** What a student is given: access to one or more products. */
@Entity({ tableName: 'offer' })
@Unique({ name: 'offer_workspace_name_key_unique', properties: ['workspace', 'nameKey'] })
export class Offer {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  nameKey!: string;

  /** The products this offer grants (ids; an offer's products change rarely and are read whole). */
  @Property({ type: 'integer[]', columnType: 'integer[]', defaultRaw: "'{}'" })
  productIds: number[] = [];

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** A contact's access to an offer: when, and by which run (null when granted by hand). */
@Entity({ tableName: 'access_grant' })
@Index({ name: 'access_grant_offer_idx', properties: ['offer'] })
export class AccessGrant {
  @ManyToOne(() => Workspace, { createForeignKeyConstraint: false })
  workspace!: Workspace;

  @ManyToOne(() => Contact, { primary: true, createForeignKeyConstraint: false })
  contact!: Contact;

  @ManyToOne(() => Offer, { primary: true, createForeignKeyConstraint: false })
  offer!: Offer;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  grantedAt: Date = new Date();

  @Property({ type: 'uuid', nullable: true })
  runId?: string | null;
}

export const CONTENT_LEVELS = ['programme', 'journey', 'activity'] as const;
export type ContentLevel = (typeof CONTENT_LEVELS)[number];

/** One node of a product's content tree, known to other platforms by its uuid. */
@Entity({ tableName: 'content_node' })
@Unique({ name: 'content_node_workspace_uuid_unique', properties: ['workspace', 'uuid'] })
@Index({ name: 'content_node_parent_idx', properties: ['parent'] })
export class ContentNode {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne(() => Product, { deleteRule: 'cascade' })
  product!: Product;

  @ManyToOne(() => ContentNode, { nullable: true, deleteRule: 'cascade' })
  parent?: ContentNode | null;

  @Property({ type: 'uuid' })
  uuid!: string;

  @Enum({ items: [...CONTENT_LEVELS] })
  level!: ContentLevel;

  @Property({ type: 'text' })
  title!: string;

  /** Order among its siblings. */
  @Property({ type: 'integer', default: 0 })
  position: number = 0;
}

/** A contact completed a content node on a date. One per contact and node; the earliest date is kept. */
@Entity({ tableName: 'completion' })
@Index({ name: 'completion_node_idx', properties: ['node'] })
export class Completion {
  @ManyToOne(() => Workspace, { createForeignKeyConstraint: false })
  workspace!: Workspace;

  @ManyToOne(() => Contact, { primary: true, createForeignKeyConstraint: false })
  contact!: Contact;

  @ManyToOne(() => ContentNode, { primary: true, createForeignKeyConstraint: false })
  node!: ContentNode;

  @Property({ type: 'date' })
  completedOn!: string;

  @Property({ type: 'uuid', nullable: true })
  runId?: string | null;
}

export const LINK_KINDS = ['parent', 'instructor'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** A student's parent or instructor. */
@Entity({ tableName: 'contact_link' })
@Index({ name: 'contact_link_other_idx', properties: ['other'] })
export class ContactLink {
  @ManyToOne(() => Workspace, { createForeignKeyConstraint: false })
  workspace!: Workspace;

  @ManyToOne(() => Contact, { primary: true, createForeignKeyConstraint: false })
  student!: Contact;

  @Enum({ items: [...LINK_KINDS], primary: true })
  kind!: LinkKind;

  @ManyToOne(() => Contact, { primary: true, createForeignKeyConstraint: false })
  other!: Contact;

  @Property({ type: 'uuid', nullable: true })
  runId?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** A group of contacts (a class, a client's staff). */
@Entity({ tableName: 'team' })
@Unique({ name: 'team_workspace_name_key_unique', properties: ['workspace', 'nameKey'] })
export class Team {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  nameKey!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'team_member' })
export class TeamMember {
  @ManyToOne(() => Workspace, { createForeignKeyConstraint: false })
  workspace!: Workspace;

  @ManyToOne(() => Team, { primary: true, createForeignKeyConstraint: false })
  team!: Team;

  @ManyToOne(() => Contact, { primary: true, createForeignKeyConstraint: false })
  contact!: Contact;

  @Property({ type: 'uuid', nullable: true })
  runId?: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
