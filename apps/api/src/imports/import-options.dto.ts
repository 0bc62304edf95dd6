import { IMPORT_FORMATS, type ImportFormat } from '@ferry/engine';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';

/**
 * What an admin chooses for an import, the same for a preview and an import:
 * the sink, how to read the file, the mapping and the options. Unknown
 * properties are refused (so a misspelt option is not silently ignored).
 */
export class ImportOptionsDto {
  @ApiPropertyOptional({ description: 'The sink: crm-contacts (default), course-enrollment, progress, people, team-membership', default: 'crm-contacts' })
  @IsOptional() @IsString() @MaxLength(100)
  sink?: string;

  @ApiPropertyOptional({ enum: IMPORT_FORMATS, description: 'How to read the upload (detected when not given)' })
  @IsOptional() @IsIn(IMPORT_FORMATS as unknown as string[])
  format?: ImportFormat;

  @ApiPropertyOptional({ description: 'A name for the import, shown in the history' })
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Column header → field key, a custom field key, "tags", or "skip"', type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional() @IsObject()
  mapping?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Import only the mapped columns (no suggestions)' })
  @IsOptional() @IsBoolean()
  onlyMapped?: boolean;

  @ApiPropertyOptional({ description: 'Tags for every row', type: [String] })
  @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(100, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ description: 'Country for phone numbers without +, e.g. GB' })
  @IsOptional() @Matches(/^[A-Za-z]{2}$/, { message: 'defaultCountry must be a two-letter country code such as GB' })
  defaultCountry?: string;

  @ApiPropertyOptional({ description: 'Only add new contacts; leave existing ones untouched (default: update existing)' })
  @IsOptional() @IsBoolean()
  onlyNew?: boolean;

  @ApiPropertyOptional({ description: 'Send emails about what the import creates (when the sink supports it)' })
  @IsOptional() @IsBoolean()
  notify?: boolean;

  @ApiPropertyOptional({ description: "The emails' language, e.g. de (default: each contact's own)" })
  @IsOptional() @Matches(/^[a-z]{2}(-[A-Za-z]{2})?$/, { message: 'language must be a language code such as en or de' })
  language?: string;

  @ApiPropertyOptional({ description: 'The email template' })
  @IsOptional() @IsString() @MaxLength(100)
  template?: string;

  @ApiPropertyOptional({ type: [String], description: 'xlsx: the sheets to read' })
  @IsOptional() @IsArray() @IsString({ each: true })
  sheets?: string[];

  @ApiPropertyOptional({ description: 'xlsx: values for every row of a sheet, e.g. { "Parents": { "role": "parent" } }', type: 'object', additionalProperties: true })
  @IsOptional() @IsObject()
  sheetValues?: Record<string, Record<string, string>>;

  @ApiPropertyOptional({ description: 'xlsx: the row holding the column names' })
  @IsOptional() @IsInt() @Min(1) @Max(1_048_576)
  headerRow?: number;

  @ApiPropertyOptional({ description: 'json/ndjson: people, grants or completions' })
  @IsOptional() @IsString()
  kind?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5)
  delimiter?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40)
  encoding?: string;

  @ApiPropertyOptional({ description: 'csv: false when the file has no header row' })
  @IsOptional() @IsBoolean()
  header?: boolean;

  @ApiPropertyOptional({ description: 'course-enrollment: the offer every row is granted' })
  @IsOptional() @IsString()
  offer?: string;

  @ApiPropertyOptional({ description: 'people, course-enrollment, team-membership: everyone\'s role' })
  @IsOptional() @IsString()
  role?: string;

  @ApiPropertyOptional({ description: 'progress: activity, journey or programme' })
  @IsOptional() @IsString()
  level?: string;

  @ApiPropertyOptional({ description: 'progress: day-first, month-first or auto' })
  @IsOptional() @IsString()
  dateOrder?: string;

  @ApiPropertyOptional({ description: 'team-membership: create teams that do not exist yet' })
  @IsOptional() @IsBoolean()
  createTeams?: boolean;

  @ApiPropertyOptional({ description: "Any other option of the sink's config", type: 'object', additionalProperties: true })
  @IsOptional() @IsObject()
  options?: Record<string, unknown>;
}

export class CreateImportDto extends ImportOptionsDto {
  @ApiProperty({ description: 'The upload to import' })
  @IsUUID()
  uploadId!: string;
}

export class PasteDto {
  @ApiProperty({ description: 'The table as copied from a spreadsheet (tab-, comma- or semicolon-separated), a header row first' })
  @IsString() @Length(1, 10 * 1024 * 1024)
  text!: string;

  @ApiPropertyOptional({ description: 'A label for the pasted table' })
  @IsOptional() @IsString() @MaxLength(200)
  label?: string;
}

export class RowFixDto {
  @ApiProperty({ description: 'Column key → the value to read instead of the file\'s', type: 'object', additionalProperties: { type: 'string' } })
  @IsObject()
  values!: Record<string, string>;
}

export class ImportListQuery {
  @IsOptional() @IsIn(['validating', 'ready', 'invalid', 'confirmed', 'cancelled', 'draft'])
  status?: string;

  @IsOptional() @IsString()
  sink?: string;

  @IsOptional() @IsString() @MaxLength(200)
  name?: string;

  @IsOptional() @IsInt() @Min(1) @Max(500)
  limit?: number;

  @IsOptional() @IsUUID()
  before?: string;
}
