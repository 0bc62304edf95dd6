import { LANGUAGE_CODE, TEMPLATE_NAME } from '@ferry/domain';
import { Option } from '@ferry/sdk';
import { IsBoolean, IsOptional, Matches } from 'class-validator';

export class CrmContactsConfig {
  @Option({ title: 'Update existing contacts', description: 'When off, rows for contacts that exist are skipped and only new contacts are added.' })
  @IsBoolean()
  updateExisting: boolean = true;

  // Off: a CRM import is often a list of people who never asked for an account.
  @Option({ title: 'Notify', description: 'Email every contact this import creates (the activation email by default); contacts that existed never get one.' })
  @IsBoolean()
  notify: boolean = false;

  @Option({ title: 'Email template', description: 'The email new contacts get: activation, invitation, or a template of the workspace.' })
  @Matches(TEMPLATE_NAME, { message: 'template must be a template name (lower-case letters, digits, dashes)' })
  template: string = 'activation';

  @Option({ title: 'Email language', description: "The language of every email (en, de, …); without it each contact's own language, else English." })
  @IsOptional()
  @Matches(LANGUAGE_CODE, { message: 'language must be a language code such as en or de' })
  language?: string;
}
