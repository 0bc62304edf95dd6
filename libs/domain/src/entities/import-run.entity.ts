import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Workspace } from './workspace.entity';

export const RUN_STATUSES = ['queued', 'awaiting_approval', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One named import (or dry-run): what was asked, what happened, how far it got. */
@Entity({ tableName: 'import_run' })
@Index({ name: 'import_run_workspace_created_idx', properties: ['workspace', 'createdAt'] })
@Unique({ name: 'import_run_schedule_slot_unique', properties: ['scheduleId', 'slot'] })
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

  /** The schedule that started this run, and the slot it ran for: one run per slot, whatever number of workers saw it. */
  @Property({ type: 'uuid', nullable: true })
  scheduleId?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  slot?: Date | null;

  /** The process executing the run and until when (renewed with every batch): a run is never executed twice at once. */
  @Property({ type: 'text', nullable: true })
  leaseOwner?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  leaseUntil?: Date | null;

  /** Set by `ferry runs cancel` (from any process); the run stops at its next batch. */
  @Property({ type: 'boolean', default: false })
  cancelRequested: boolean = false;

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
