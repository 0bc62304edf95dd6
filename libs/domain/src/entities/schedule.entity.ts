import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Workspace } from './workspace.entity';

/**
 * A recurring sync: a pipeline document run on a cron expression in a time
 * zone. `state` is the source's cursor, saved only after a run succeeds, so
 * the next run reads only what changed since.
 */
@Entity({ tableName: 'schedule' })
@Unique({ name: 'schedule_workspace_name_unique', properties: ['workspace', 'name'] })
export class Schedule {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'jsonb' })
  pipeline!: Record<string, unknown>;

  /** Five fields, or six with seconds first. */
  @Property({ type: 'text' })
  cron!: string;

  @Property({ type: 'text', default: 'UTC' })
  timezone: string = 'UTC';

  @Property({ type: 'boolean', default: true })
  enabled: boolean = true;

  @Property({ type: 'jsonb', nullable: true })
  state?: unknown;

  /**
   * Safety threshold: a run that would create or update more than this share
   * of the records the sink holds waits for `ferry runs approve`. Null: never.
   */
  @Property({ type: 'double', nullable: true, default: 0.2 })
  changeThreshold?: number | null = 0.2;

  /** Slots that came while the previous run was still going (skipped, never stacked). */
  @Property({ type: 'integer', default: 0 })
  skippedSlots: number = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
