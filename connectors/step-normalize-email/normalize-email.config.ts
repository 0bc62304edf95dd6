import { Option } from '@ferry/sdk';
import { IsNotEmpty, IsString } from 'class-validator';

export class NormalizeEmailConfig {
  @Option({ title: 'Field', description: 'The field that holds the email address (after mapping).' })
  @IsString()
  @IsNotEmpty()
  field: string = 'email';
}
