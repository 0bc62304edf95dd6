import { Option } from '@ferry/sdk';
import { IsBoolean } from 'class-validator';

export class CrmContactsConfig {
  @Option({ title: 'Update existing contacts', description: 'When off, rows for contacts that already exist are skipped and only new contacts are added.' })
  @IsBoolean()
  updateExisting: boolean = true;
}
