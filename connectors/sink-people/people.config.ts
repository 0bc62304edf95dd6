import { CONTACT_ROLES, LANGUAGE_CODE, TEMPLATE_NAME, type ContactRole } from '@ferry/domain';
import { Option } from '@ferry/sdk';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';

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

  // Off: moving people from another platform usually comes before the school is ready to greet them.
  @Option({ title: 'Notify', description: 'Email every person this import creates (the activation email by default); people who existed never get one.' })
  @IsBoolean()
  notify: boolean = false;

  @Option({ title: 'Email template', description: 'The email new people get: activation, invitation (for clients), or a template of the workspace.' })
  @Matches(TEMPLATE_NAME, { message: 'template must be a template name (lower-case letters, digits, dashes)' })
  template: string = 'activation';

  @Option({ title: 'Email language', description: "The language of every email (en, de, …); without it each person's own language, else English." })
  @IsOptional()
  @Matches(LANGUAGE_CODE, { message: 'language must be a language code such as en or de' })
  language?: string;
}
