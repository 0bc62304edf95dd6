import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Workspace } from './workspace.entity';

/** A label on contacts; names are unique per workspace, case-insensitively. */
@Entity({ tableName: 'tag' })
@Unique({ name: 'tag_workspace_name_key_unique', properties: ['workspace', 'nameKey'] })
export class Tag {
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
