import { Option } from '@ferry/sdk';
import {
  ArrayNotEmpty,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

/** A value a sheet gives every one of its rows. */
export type SheetValue = string | number | boolean;

@ValidatorConstraint({ name: 'sheetValues' })
class SheetValuesShape implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!isObject(value)) return false;
    return Object.values(value).every(
      (fields) => isObject(fields) && Object.keys(fields).length > 0 && Object.values(fields).every((v) => ['string', 'number', 'boolean'].includes(typeof v)),
    );
  }

  defaultMessage(): string {
    return 'sheetValues must map sheet names to { field: value } objects, e.g. { "Students": { "role": "student" } }';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class XlsxConfig {
  @Option({
    title: 'Sheets',
    description: 'The names of the sheets to read. When unset, every visible sheet with anything in it is read (hidden sheets only when named).',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  sheets?: string[];

  @Option({
    title: 'Values per sheet',
    description:
      'Values a sheet gives all its rows, by sheet name, e.g. { "Students": { "role": "student" }, "Parents": { "role": "parent" } }. A cell of a column with the same name wins when it is not empty.',
  })
  @IsOptional()
  @Validate(SheetValuesShape)
  sheetValues?: Record<string, Record<string, SheetValue>>;

  @Option({
    title: 'Header row',
    description: 'The row number (as Excel shows it) holding the column names, in every sheet read. When unset, the first row with anything in it.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_048_576)
  headerRow?: number;

  @Option({
    title: 'Largest unpacked size',
    description: 'The most bytes a workbook may unpack to (an .xlsx is a zip). Larger ones are refused before anything is written, so a zip bomb cannot exhaust the machine.',
  })
  @IsInt()
  @Min(1)
  maxUncompressedBytes: number = 1024 * 1024 * 1024;
}
