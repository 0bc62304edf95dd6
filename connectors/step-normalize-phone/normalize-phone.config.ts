import { Option } from '@ferry/sdk';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isSupportedCountry } from 'libphonenumber-js/mobile';

/**
 * An ISO 3166-1 alpha-2 code with a numbering plan. Checked against
 * libphonenumber rather than the ISO list: it also knows AC, TA and XK, and
 * has no plan for AQ or BV.
 */
@ValidatorConstraint({ name: 'phoneCountry' })
class PhoneCountry implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isSupportedCountry(value);
  }

  defaultMessage(): string {
    return 'defaultCountry must be a two-letter country code such as GB, DE or US';
  }
}

export class NormalizePhoneConfig {
  @Option({ title: 'Field', description: 'The field that holds the phone number (after mapping).' })
  @IsString()
  @IsNotEmpty()
  field: string = 'phone';

  @Option({
    title: 'Default country',
    description: 'Two-letter country code (GB, DE, US, ...) for numbers written without +country code, e.g. 07700 900123. Without it such numbers cannot be read.',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Validate(PhoneCountry)
  defaultCountry?: string;
}
