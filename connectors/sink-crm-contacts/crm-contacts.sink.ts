import { ContactBatchWriter, CORE_CONTACT_FIELDS, CustomFieldStore, customFieldSpecs, countRecords, notifyCreatedContacts } from '@ferry/domain';
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
    return {
      async write(rows, batchContext) {
        const written = await contacts.write(rows, batchContext);
        // In the batch's transaction: the email exists exactly when the contact does.
        await notifyCreatedContacts(batchContext, written, config);
        return written.outcomes;
      },
    };
  },

  countRecords: (_config, context) => countRecords(context.db, context.workspaceId, 'contacts'),
};
