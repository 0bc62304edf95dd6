import { Option } from '@ferry/sdk';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { EXPORT_KINDS, type ExportKindName } from './export-kinds';

export const EXPORT_FORMATS = ['auto', 'json', 'ndjson'] as const;
export type ExportFormatOption = (typeof EXPORT_FORMATS)[number];

export class JsonExportConfig {
  @Option({
    title: 'Kind of records',
    description: 'Which records to read: people, grants or completions. One run feeds one sink, so a full export takes three runs (people first).',
  })
  @IsIn(EXPORT_KINDS)
  kind: ExportKindName = 'people';

  @Option({
    title: 'Format',
    description: 'json (one document, or a list of records), ndjson (one record per line), or auto: decided from the start of the file.',
  })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormatOption = 'auto';

  @Option({
    title: 'Sample size',
    description: 'How many records of the kind discover reads to find the columns (custom fields) besides the format\'s own keys.',
  })
  @IsInt()
  @Min(1)
  @Max(100_000)
  sampleSize: number = 1000;

  @Option({
    title: 'Longest value',
    description: 'The most characters one text value may have (1 MiB by default); a record with a longer one is rejected, and a record over 16 times this size too, so memory stays bounded.',
  })
  @IsInt()
  @Min(1000)
  @Max(64 * 1024 * 1024)
  maxValueLength: number = 1024 * 1024;
}
