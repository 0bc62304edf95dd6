import { Option } from '@ferry/sdk';
import { IsBoolean, IsIn, IsInt, IsString, Min, ValidatorConstraint, Validate, type ValidatorConstraintInterface } from 'class-validator';
import { isKnownEncoding } from './encodings';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

@ValidatorConstraint({ name: 'knownEncoding' })
class KnownEncoding implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && (value === 'auto' || isKnownEncoding(value));
  }

  defaultMessage(): string {
    return 'encoding must be "auto" or an encoding name such as utf-8, utf-16le, windows-1252, latin1 or shift_jis';
  }
}

export class CsvConfig {
  @Option({
    title: 'Delimiter',
    description: 'The character between cells: "auto" (detected from the first lines), ",", ";", a tab or "|".',
  })
  @IsIn(['auto', ...DELIMITERS])
  delimiter: 'auto' | Delimiter = 'auto';

  @Option({
    title: 'Header row',
    description: 'Whether the first row holds the column names. When off, columns are called column_1, column_2, ... and data starts at row 1.',
  })
  @IsBoolean()
  header: boolean = true;

  @Option({
    title: 'Encoding',
    description: 'How the file\'s text is stored: "auto" (UTF-8, UTF-16 or Windows-1252, detected) or a name such as utf-8, windows-1252, latin1 or shift_jis.',
  })
  @IsString()
  @Validate(KnownEncoding)
  encoding: string = 'auto';

  @Option({
    title: 'Largest cell',
    description: 'The most characters one cell may hold; a row with a larger cell is rejected and the import goes on.',
  })
  @IsInt()
  @Min(1)
  maxFieldSize: number = 1_048_576;
}
