import { ConfigError, type SqlClient } from '@ferry/sdk';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../entities';

export interface CustomFieldDefinition {
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[] | null;
}

const KEY = /^[a-z][a-z0-9_]{0,62}$/;
/** Keys the built-in sinks already use for their own fields: a custom field by one of these names would be ambiguous. */
export const RESERVED_FIELD_KEYS = [
  'email', 'first_name', 'last_name', 'phone', 'tags', 'skip', 'roles', 'role', 'username', 'language',
  'parent_email', 'parent_username', 'instructor_email', 'team', 'offer', 'product', 'content', 'completed_on', 'progress',
];

export class CustomFieldStore {
  constructor(private readonly db: SqlClient) {}

  async list(workspaceId: string): Promise<CustomFieldDefinition[]> {
    return this.db.query<CustomFieldDefinition>(
      `select key, label, type, options from custom_field where workspace_id = ? order by key`,
      [workspaceId],
    );
  }

  async add(workspaceId: string, field: { key: string; label?: string; type: string; options?: string[] }): Promise<CustomFieldDefinition> {
    if (!KEY.test(field.key)) {
      throw new ConfigError('invalid_field_key', `"${field.key}" is not a valid field key: use lower-case letters, digits and _, starting with a letter.`);
    }
    if (RESERVED_FIELD_KEYS.includes(field.key)) {
      throw new ConfigError('reserved_field_key', `"${field.key}" is a built-in contact field; choose another key.`);
    }
    if (!CUSTOM_FIELD_TYPES.includes(field.type as CustomFieldType)) {
      throw new ConfigError('invalid_field_type', `Type "${field.type}" is not one of ${CUSTOM_FIELD_TYPES.join(', ')}.`);
    }
    const options = field.options?.map((o) => o.trim()).filter(Boolean) ?? [];
    if (field.type === 'select' && options.length === 0) {
      throw new ConfigError('missing_options', `A select field needs its options, e.g. --options "a,b,c".`);
    }
    if (field.type !== 'select' && options.length > 0) {
      throw new ConfigError('unexpected_options', `Only select fields take options.`);
    }
    const rows = await this.db.query<CustomFieldDefinition>(
      `insert into custom_field (workspace_id, key, label, type, options) values (?, ?, ?, ?, ?::text[])
       on conflict (workspace_id, key) do nothing returning key, label, type, options`,
      [workspaceId, field.key, field.label?.trim() || field.key, field.type, field.type === 'select' ? toPgArray(options) : null],
    );
    if (rows.length === 0) throw new ConfigError('field_exists', `A custom field "${field.key}" already exists.`);
    return rows[0];
  }
}

function toPgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
