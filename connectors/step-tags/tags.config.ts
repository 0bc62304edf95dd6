import { Option } from '@ferry/sdk';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';

/** Longer tags are refused (config) or dropped with a warning (rows). */
export const MAX_TAG_LENGTH = 100;

export class TagsConfig {
  @Option({ title: 'Tags for every row', description: 'Tags added to every imported contact, e.g. ["spring-2026"].' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(/\S/, { each: true, message: 'each tag must have at least one visible character' })
  @MaxLength(MAX_TAG_LENGTH, { each: true })
  tags: string[] = [];

  @Option({ title: 'Separators', description: 'The characters that separate tags in one cell; each character is a separator. Empty: one tag per cell.' })
  @IsString()
  @MaxLength(10)
  separators: string = ',;';
}
