import { Option } from '@ferry/sdk';
import { IsNotEmpty, IsString } from 'class-validator';

export class DedupeConfig {
  @Option({ title: 'Field', description: 'The field whose value (trimmed, any case) makes two rows the same contact.' })
  @IsString()
  @IsNotEmpty()
  field: string = 'email';
}
