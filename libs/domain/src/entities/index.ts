import { Contact } from './contact.entity';
import { CustomField } from './custom-field.entity';
import { ImportRun } from './import-run.entity';
import { RowIssue } from './row-issue.entity';
import { Tag } from './tag.entity';
import { Workspace } from './workspace.entity';

export { Contact, CustomField, ImportRun, RowIssue, Tag, Workspace };
export * from './custom-field.entity';
export * from './import-run.entity';

export const ENTITIES = [Workspace, Contact, Tag, CustomField, ImportRun, RowIssue];
