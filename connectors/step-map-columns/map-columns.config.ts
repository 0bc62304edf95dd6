import { Option } from '@ferry/sdk';
import { IsBoolean, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'columnMapping' })
class ColumnMapping implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
    return Object.values(value).every((target) => typeof target === 'string' && target.trim() !== '');
  }

  defaultMessage(): string {
    return 'mapping must be an object of column → field, e.g. {"E-Mail": "email", "Notes": "skip"}';
  }
}

export class MapColumnsConfig {
  @Option({
    title: 'Mapping',
    description:
      'Column → target field. The target is a field key (custom fields too), "skip" to leave the column out, or "tags" (several columns may go to tags). Columns not listed are mapped by suggestion from their header.',
  })
  @Validate(ColumnMapping)
  mapping: Record<string, string> = {};

  @Option({
    title: 'Only mapped columns',
    description: 'When on, columns not listed in the mapping are left out instead of being mapped by suggestion.',
  })
  @IsBoolean()
  onlyMapped: boolean = false;
}
