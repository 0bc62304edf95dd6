import { ContactStore, CustomFieldStore, TagStore, type ContactPatch, type CustomFieldDefinition, type StoredContact } from '@ferry/domain';
import type { Outcome, Row, SinkContext, SinkPlugin, SinkWriter } from '@ferry/sdk';
import { applyPatch, combinePatches, patchFromRow, wouldChange, type RowPatch } from './contact-patch';
import { CORE_FIELDS, customFieldSpecs } from './contact-fields';
import { CrmContactsConfig } from './crm-contacts.config';
import { manifest } from './manifest';

/**
 * Writes a batch in three statements whatever its size: look up the batch's
 * contacts, compare in memory, then one upsert of only the rows that change.
 * A re-import that changes nothing therefore writes nothing.
 */
class CrmContactsWriter implements SinkWriter {
  private readonly tagIds = new Map<string, number>();
  /** Dry-run only: contacts as earlier batches would have left them (grows with the changes a dry-run finds). */
  private readonly wouldExist = new Map<string, StoredContact>();
  private nextDryRunTagId = -1;

  constructor(
    private readonly config: CrmContactsConfig,
    private readonly customFields: Map<string, CustomFieldDefinition>,
  ) {}

  async write(rows: Row[], context: SinkContext): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(rows.length);
    const rowPatches: (RowPatch | undefined)[] = rows.map((row, i) => {
      const patch = patchFromRow(row, this.customFields);
      if ('emailKey' in patch) return patch;
      outcomes[i] = { status: 'failed', issue: patch };
      return undefined;
    });
    await this.resolveTags(rowPatches, context);
    const keys = [...new Set(rowPatches.flatMap((p) => (p ? [p.emailKey] : [])))];
    const stored = await new ContactStore(context.db).findByEmailKeys(context.workspaceId, keys);

    // Rows are applied in file order, so two rows for one contact end as if imported one by one.
    const current = new Map<string, StoredContact | undefined>();
    const toWrite = new Map<string, ContactPatch>();
    rowPatches.forEach((rowPatch, i) => {
      if (!rowPatch) return;
      const patch: ContactPatch = { ...rowPatch, tagIds: rowPatch.tagNames.map((name) => this.tagIds.get(name.toLowerCase())!) };
      const key = patch.emailKey;
      // In a dry-run, what earlier batches would have written comes before what is stored.
      const before = current.has(key) ? current.get(key) : (this.wouldExist.get(key) ?? stored.get(key));
      if (before && !this.config.updateExisting && !toWrite.has(key)) {
        outcomes[i] = { status: 'skipped', issue: { column: 'email', value: patch.email, code: 'contact_exists', message: 'This contact exists and the import only adds new contacts.' } };
        return;
      }
      if (before && !wouldChange(before, patch)) {
        outcomes[i] = { status: 'unchanged' };
        current.set(key, before);
        return;
      }
      outcomes[i] = { status: before ? 'updated' : 'created' };
      current.set(key, applyPatch(before, patch));
      toWrite.set(key, combinePatches(toWrite.get(key), patch));
    });

    if (context.dryRun) {
      // Later batches must see what this one would have written (created or changed contacts).
      for (const key of toWrite.keys()) this.wouldExist.set(key, current.get(key)!);
    } else {
      await new ContactStore(context.db).upsert(context.workspaceId, [...toWrite.values()]);
    }
    return outcomes;
  }

  /** Tag ids by lower-cased name, cached for the run; new tags are created (or, in a dry-run, numbered). */
  private async resolveTags(patches: (RowPatch | undefined)[], context: SinkContext): Promise<void> {
    const missing = new Map<string, string>();
    for (const patch of patches) {
      for (const name of patch?.tagNames ?? []) {
        const key = name.toLowerCase();
        if (!this.tagIds.has(key) && !missing.has(key)) missing.set(key, name);
      }
    }
    if (missing.size === 0) return;
    const found = await new TagStore(context.db).idsByName(context.workspaceId, [...missing.values()], !context.dryRun);
    for (const key of missing.keys()) this.tagIds.set(key, found.get(key) ?? this.nextDryRunTagId--);
  }
}

export const crmContactsSink: SinkPlugin<CrmContactsConfig> = {
  manifest,
  config: CrmContactsConfig,

  async fields(_config, context) {
    const custom = await new CustomFieldStore(context.db).list(context.workspaceId);
    return [...CORE_FIELDS, ...customFieldSpecs(custom)];
  },

  async open(config, context) {
    const custom = await new CustomFieldStore(context.db).list(context.workspaceId);
    return new CrmContactsWriter(config, new Map(custom.map((field) => [field.key, field])));
  },
};
