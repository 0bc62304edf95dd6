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
    // Rows that would change nothing are recognised by fingerprint and skipped (re-imports, syncs);
    // not when existing contacts are left alone, where such a row is reported as skipped instead.
    const fingerprints = config.updateExisting;
    const contacts = await ContactBatchWriter.open(context, { updateExisting: config.updateExisting, fingerprints });
    return {
      async write(rows, batchContext) {
        const written = await contacts.write(rows, batchContext);
        // In the batch's transaction: the email exists exactly when the contact does.
        await notifyCreatedContacts(batchContext, written, config);
        return written.outcomes;
      },
      ...(fingerprints ? { fingerprintSalt: contacts.fingerprintSalt } : {}),
      ...(fingerprints && contacts.canRecognise
        ? { recognise: (list, batchContext) => contacts.recognise(list, batchContext), keyOf: (row) => contacts.keyOf(row) }
        : {}),
    };
  },

  countRecords: (_config, context) => countRecords(context.db, context.workspaceId, 'contacts'),
};
