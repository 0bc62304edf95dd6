import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Workspace } from './workspace.entity';

export type ApiKeyRole = 'admin' | 'viewer';

/**
 * A key to the admin API. It belongs to one workspace, which is the only
 * workspace its requests ever see. Only its SHA-256 is stored: the key itself
 * is shown once, when it is created.
 */
@Entity({ tableName: 'api_key' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  /** Hex SHA-256 of the key. */
  @Property({ type: 'text' })
  @Unique({ name: 'api_key_hash_unique' })
  hash!: string;

  /** The key's first characters, so an admin can tell keys apart without seeing them. */
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'text' })
  role!: ApiKeyRole;

  @Property({ type: 'text', nullable: true })
  label?: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;
}

/**
 * A file an admin uploaded (or a table they pasted). It is stored under a
 * generated name; the original name is only a label, never part of a path.
 */
@Entity({ tableName: 'upload' })
@Index({ name: 'upload_workspace_created_idx', properties: ['workspace', 'createdAt'] })
export class Upload {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  label!: string;

  /** 'file' or 'paste'. */
  @Property({ type: 'text' })
  kind!: string;

  /** The generated file name under the uploads folder. */
  @Property({ type: 'text' })
  storedName!: string;

  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: 'bigint' })
  size!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** When the file was deleted for its age (FERRY_UPLOAD_RETENTION_DAYS); the record stays. */
  @Property({ type: 'timestamptz', nullable: true })
  removedAt?: Date;
}

/**
 * An import being prepared in the admin API: an upload, a sink, a mapping and
 * options, the admin's fixes and exclusions, its latest validation (a dry-run)
 * and, once confirmed, the run that writes it.
 */
@Entity({ tableName: 'import_draft' })
@Index({ name: 'import_draft_workspace_created_idx', properties: ['workspace', 'createdAt'] })
export class ImportDraft {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'uuid' })
  uploadId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  sink!: string;

  /** What the admin asked for (mapping, options), as sent. */
  @Property({ type: 'jsonb' })
  request!: Record<string, unknown>;

  /** Row key (sheet and row number) → the values the admin typed in for that row's columns. */
  @Property({ type: 'jsonb', default: '{}' })
  fixes: Record<string, Record<string, string>> = {};

  /** Row keys the admin left out. */
  @Property({ type: 'jsonb', default: '[]' })
  excluded: string[] = [];

  /** 'draft' (validating or ready), 'confirmed' or 'cancelled'. */
  @Property({ type: 'text', default: 'draft' })
  status: string = 'draft';

  /** The latest dry-run of the import as it stands. */
  @Property({ type: 'uuid', nullable: true })
  validationRunId?: string;

  /** The run that writes the import, once confirmed. */
  @Property({ type: 'uuid', nullable: true })
  runId?: string;

  /** The Idempotency-Key of the confirm that started the run: a retry with the same key gets the same run. */
  @Property({ type: 'text', nullable: true })
  confirmKey?: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
