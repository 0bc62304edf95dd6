import { CustomFieldStore, customFieldSpecs, countRecords } from '@ferry/domain';
import type { SinkPlugin } from '@ferry/sdk';
import { manifest } from './manifest';
import { PeopleConfig } from './people.config';
import { PEOPLE_FIELDS, PEOPLE_KEYS } from './people-fields';
import { PeopleWriter } from './people-writer';

/**
 * People with roles (student, parent, instructor, client, staff), and the
 * links between students and their parents and instructors. Contact fields
 * follow the crm-contacts rules (the domain's ContactBatchWriter).
 */
export const peopleSink: SinkPlugin<PeopleConfig> = {
  manifest,
  config: PeopleConfig,

  async fields(_config, context) {
    const custom = await new CustomFieldStore(context.db).list(context.workspaceId);
    return [...PEOPLE_FIELDS, ...customFieldSpecs(custom.filter((field) => !PEOPLE_KEYS.has(field.key)))];
  },

  open: (config, context) => PeopleWriter.open(config, context),

  countRecords: (_config, context) => countRecords(context.db, context.workspaceId, 'contacts'),
};
