import { Option } from '@ferry/sdk';
import { IsBoolean, IsNotEmpty, IsString } from 'class-validator';

export class NormalizeEmailConfig {
  @Option({ title: 'Field', description: 'The field that holds the email address (after mapping).' })
  @IsString()
  @IsNotEmpty()
  field: string = 'email';

  @Option({
    title: 'Required',
    description: 'When off, a row with an empty address passes on with the field left empty (for sinks that can identify a person another way, e.g. people by username).',
  })
  @IsBoolean()
  required: boolean = true;
}
