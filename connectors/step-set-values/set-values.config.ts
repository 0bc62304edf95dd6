import { Option } from '@ferry/sdk';
import { IsObject, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

const MAX_VALUES = 100;

@ValidatorConstraint({ name: 'fieldValues' })
class FieldValues implements ValidatorConstraintInterface {
  validate(values: unknown): boolean {
    if (!values || typeof values !== 'object' || Array.isArray(values)) return false;
    const entries = Object.entries(values);
    return entries.length <= MAX_VALUES && entries.every(([key, value]) => /\S/.test(key) && typeof value === 'string');
  }

  defaultMessage(): string {
    return `values must map up to ${MAX_VALUES} field names to text, e.g. { "offer": "Spanish" }`;
  }
}

export class SetValuesConfig {
  @Option({ title: 'Values', description: 'Field → value, set on every row and replacing what the row had, e.g. { "offer": "Spanish" }.' })
  @IsObject()
  @Validate(FieldValues)
  values: Record<string, string> = {};
}
