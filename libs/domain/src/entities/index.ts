import { Contact } from './contact.entity';
import { CustomField } from './custom-field.entity';
import { ImportRun } from './import-run.entity';
import { RowIssue } from './row-issue.entity';
import { Tag } from './tag.entity';
import { Workspace } from './workspace.entity';
import { AccessGrant, Completion, ContactLink, ContentNode, Offer, Product, Team, TeamMember } from './learning.entity';
import { PendingLink } from './pending-link.entity';
import { Schedule } from './schedule.entity';
import { ApiKey, ImportDraft, Upload } from './admin-api.entity';
import { EmailMessage, EmailRate, EmailTemplate } from './email.entity';

export { Contact, CustomField, ImportRun, RowIssue, Tag, Workspace };
export * from './contact.entity';
export * from './custom-field.entity';
export * from './import-run.entity';
export * from './learning.entity';
export * from './pending-link.entity';
export * from './schedule.entity';
export * from './admin-api.entity';

export * from './email.entity';

export const ENTITIES = [
  Workspace, Contact, Tag, CustomField, ImportRun, RowIssue, Product, Offer, AccessGrant, ContentNode, Completion, ContactLink, Team, TeamMember,
  PendingLink, Schedule, EmailMessage, EmailTemplate, EmailRate, ApiKey, Upload, ImportDraft,
];
