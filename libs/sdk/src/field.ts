/** The types a target field can have; custom fields use the same set. */
export type FieldType = 'text' | 'email' | 'phone' | 'tags' | 'number' | 'date' | 'boolean' | 'select';

/** One field of a sink's target schema: drives mapping suggestions, validation and templates. */
export interface FieldSpec {
  /** The key rows carry after mapping, e.g. `email` or a custom field's key. */
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** A value for sample files and help texts. */
  example?: string;
  /** Allowed values of a `select` field. */
  options?: string[];
  /** True for a workspace's own custom fields. */
  custom?: boolean;
  /** Header names that suggest this field (lower case, any language). */
  aliases?: string[];
}
