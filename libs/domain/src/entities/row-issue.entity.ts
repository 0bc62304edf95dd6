import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ImportRun } from './import-run.entity';
import { Workspace } from './workspace.entity';

/** A problem with one row of a run, as the user will see it. */
@Entity({ tableName: 'row_issue' })
@Index({ name: 'row_issue_run_row_idx', properties: ['run', 'row'] })
export class RowIssue {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  // No foreign keys: issues are written in bulk with their run's batch.
  @ManyToOne(() => Workspace, { createForeignKeyConstraint: false })
  workspace!: Workspace;

  @ManyToOne(() => ImportRun, { createForeignKeyConstraint: false })
  run!: ImportRun;

  @Property({ type: 'integer' })
  row!: number;

  @Property({ type: 'text', nullable: true })
  file?: string | null;

  @Property({ type: 'text', nullable: true })
  sheet?: string | null;

  @Property({ type: 'text', nullable: true })
  column?: string | null;

  @Property({ type: 'text', nullable: true })
  value?: string | null;

  @Property({ type: 'text' })
  code!: string;

  @Enum({ items: ['error', 'warning'] })
  severity!: 'error' | 'warning';

  @Property({ type: 'text' })
  message!: string;
}
