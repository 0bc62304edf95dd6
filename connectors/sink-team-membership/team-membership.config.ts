import { CONTACT_ROLES, type ContactRole } from '@ferry/domain';
import { Option } from '@ferry/sdk';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class TeamMembershipConfig {
  @Option({ title: 'Create teams', description: 'Create teams the workspace does not have yet. When off, a row naming an unknown team is rejected (unknown_team).' })
  @IsBoolean()
  createTeams: boolean = false;

  @Option({ title: 'Role', description: `A role every contact in the input gains (${CONTACT_ROLES.join(', ')}), e.g. client; roles are only ever added.` })
  @IsOptional()
  @IsIn(CONTACT_ROLES)
  role?: ContactRole;

  @Option({ title: 'Update existing contacts', description: 'When off, contacts that exist keep their names, phone and fields as they are; they still join the teams their rows name.' })
  @IsBoolean()
  updateExisting: boolean = true;
}
