import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Workspace } from './workspace.entity';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'select'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** A workspace's own contact field, e.g. `department` (select) or `birthday` (date). */
@Entity({ tableName: 'custom_field' })
@Unique({ name: 'custom_field_workspace_key_unique', properties: ['workspace', 'key'] })
export class CustomField {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Workspace, { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  label!: string;

  @Enum({ items: () => CUSTOM_FIELD_TYPES, nativeEnumName: undefined })
  type!: CustomFieldType;

  @Property({ type: 'text[]', nullable: true })
  options?: string[] | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
