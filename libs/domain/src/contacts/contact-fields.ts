import type { CustomFieldDefinition } from '../repositories/custom-field-store';
import type { FieldSpec } from '@ferry/sdk';

/** The contact's own fields; custom fields follow them. */
export const CORE_CONTACT_FIELDS: FieldSpec[] = [
  { key: 'email', label: 'Email', type: 'email', required: true, example: 'ada.lovelace@example.com' },
  { key: 'first_name', label: 'First name', type: 'text', example: 'Ada' },
  { key: 'last_name', label: 'Last name', type: 'text', example: 'Lovelace' },
  { key: 'phone', label: 'Phone', type: 'phone', example: '+447700900123' },
  { key: 'tags', label: 'Tags', type: 'tags', example: 'spring-2026; newsletter' },
  // The language of the emails this contact gets (activation, course access), when an import says "their own".
  { key: 'language', label: 'Language', type: 'text', example: 'en' },
];

export function customFieldSpecs(definitions: CustomFieldDefinition[]): FieldSpec[] {
  return definitions.map((d) => ({
    key: d.key,
    label: d.label,
    type: d.type,
    custom: true,
    options: d.options ?? undefined,
    example: EXAMPLES[d.type] ?? d.options?.[0],
  }));
}

const EXAMPLES: Partial<Record<string, string>> = { text: 'text', number: '42', date: '2026-03-31', boolean: 'yes' };
