import { CORE_CONTACT_FIELDS, CustomFieldStore, customFieldSpecs, countRecords } from '@ferry/domain';
import type { FieldSpec, SinkPlugin } from '@ferry/sdk';
import { manifest } from './manifest';
import { TeamMembershipConfig } from './team-membership.config';
import { TeamMembershipWriter } from './team-membership-writer';

const TEAM_FIELD: FieldSpec = {
  key: 'team', label: 'Team', type: 'text', required: true, example: 'Class 4b; Chess club',
  aliases: ['teams', 'group', 'groups', 'class', 'gruppe', 'gruppen', 'klasse'],
};

/**
 * A team column → membership. The row's contact is created or updated first,
 * with the crm-contacts rules (the domain's ContactBatchWriter).
 */
export const teamMembershipSink: SinkPlugin<TeamMembershipConfig> = {
  manifest,
  config: TeamMembershipConfig,

  async fields(_config, context) {
    const custom = await new CustomFieldStore(context.db).list(context.workspaceId);
    return [...CORE_CONTACT_FIELDS, TEAM_FIELD, ...customFieldSpecs(custom.filter((field) => field.key !== TEAM_FIELD.key))];
  },

  open: (config, context) => TeamMembershipWriter.open(config, context),

  countRecords: (_config, context) => countRecords(context.db, context.workspaceId, 'memberships'),
};
