import { ContactBatchWriter, CORE_CONTACT_FIELDS, CustomFieldStore, customFieldSpecs, countRecords } from '@ferry/domain';
import type { SinkPlugin } from '@ferry/sdk';
import { CrmContactsConfig } from './crm-contacts.config';
import { manifest } from './manifest';

/**
 * Contacts by email. The merge rules (empty cells never erase, tags are only
 * added, a row that changes nothing is `unchanged`) live in the domain's
 * ContactBatchWriter, which every sink that touches contacts shares.
 */
export const crmContactsSink: SinkPlugin<CrmContactsConfig> = {
  manifest,
  config: CrmContactsConfig,

  async fields(_config, context) {
    const custom = await new CustomFieldStore(context.db).list(context.workspaceId);
    return [...CORE_CONTACT_FIELDS, ...customFieldSpecs(custom)];
  },

  async open(config, context) {
    const contacts = await ContactBatchWriter.open(context, { updateExisting: config.updateExisting });
    return { write: async (rows, batchContext) => (await contacts.write(rows, batchContext)).outcomes };
  },

  countRecords: (_config, context) => countRecords(context.db, context.workspaceId, 'contacts'),
};
