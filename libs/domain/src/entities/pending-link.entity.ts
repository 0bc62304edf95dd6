import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ImportRun } from './import-run.entity';
import { LINK_KINDS, type LinkKind } from './learning.entity';
import { Workspace } from './workspace.entity';

export const LINK_MATCHES = ['email', 'username'] as const;
export type LinkMatch = (typeof LINK_MATCHES)[number];

/**
 * A link a run has read but not made yet: the other person may come later in
 * the file, so links are resolved once all rows are in. Written in the batch's
 * transaction (a resumed run finds the links of its committed batches) and
 * deleted when the run resolves them. Keeps the row's origin for the issue
 * an unknown person becomes.
 */
@Entity({ tableName: 'pending_link' })
@Index({ name: 'pending_link_run_idx', properties: ['run'] })
export class PendingLink {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  // No foreign keys: written in bulk with the batch, like row issues.
  @ManyToOne(() => Workspace, { createForeignKeyConstraint: false })
  workspace!: Workspace;

  @ManyToOne(() => ImportRun, { createForeignKeyConstraint: false })
  run!: ImportRun;

  /** Null in a dry-run for a student that would be created. */
  @Property({ type: 'bigint', nullable: true })
  studentId?: string | null;

  @Enum({ items: [...LINK_KINDS] })
  kind!: LinkKind;

  /** How the other person is named: their email or their username. */
  @Enum({ items: [...LINK_MATCHES] })
  matchBy!: LinkMatch;

  /** The lower-cased email or username. */
  @Property({ type: 'text' })
  otherKey!: string;

  @Property({ type: 'text' })
  file!: string;

  @Property({ type: 'text', nullable: true })
  sheet?: string | null;

  @Property({ type: 'integer' })
  row!: number;

  /** The user's column header. */
  @Property({ type: 'text' })
  column!: string;

  /** The address or username as written. */
  @Property({ type: 'text' })
  value!: string;
}
