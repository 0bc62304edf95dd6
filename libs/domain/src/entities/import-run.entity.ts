import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Workspace } from './workspace.entity';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One named import (or dry-run): what was asked, what happened, how far it got. */
@Entity({ tableName: 'import_run' })
@Index({ name: 'import_run_workspace_created_idx', properties: ['workspace', 'createdAt'] })
export class ImportRun {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  sink!: string;

  @Property({ type: 'boolean', default: false })
  dryRun: boolean = false;

  @Enum({ items: () => RUN_STATUSES })
  status: RunStatus = 'queued';

  /** The pipeline document and options as they were when the run started. */
  @Property({ type: 'jsonb' })
  settings: Record<string, unknown> = {};

  @Property({ type: 'integer', default: 0 })
  readCount = 0;

  @Property({ type: 'integer', default: 0 })
  createdCount = 0;

  @Property({ type: 'integer', default: 0 })
  updatedCount = 0;

  @Property({ type: 'integer', default: 0 })
  unchangedCount = 0;

  @Property({ type: 'integer', default: 0 })
  skippedCount = 0;

  @Property({ type: 'integer', default: 0 })
  failedCount = 0;

  @Property({ type: 'integer', default: 0 })
  warningCount = 0;

  /** The spreadsheet row number of the last row in the last committed batch. */
  @Property({ type: 'integer', nullable: true })
  checkpointRow?: number | null;

  /** Why the run failed as a whole: `{ code, message }`. */
  @Property({ type: 'jsonb', nullable: true })
  error?: { code: string; message: string } | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;
}
