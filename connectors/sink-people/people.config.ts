import { CONTACT_ROLES, type ContactRole } from '@ferry/domain';
import { Option } from '@ferry/sdk';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class PeopleConfig {
  @Option({
    title: 'Role',
    description: `The role of everyone in the input: ${CONTACT_ROLES.join(', ')}. A row's own role cell wins; without either, the row is rejected.`,
  })
  @IsOptional()
  @IsIn(CONTACT_ROLES)
  role?: ContactRole;

  @Option({ title: 'Update existing people', description: 'When off, rows for people who already exist are skipped (and their links are not made); only new people are added.' })
  @IsBoolean()
  updateExisting: boolean = true;
}
