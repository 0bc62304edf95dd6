import { Option } from '@ferry/sdk';
import { IsString, Matches, Validate, ValidateIf, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ValidatorConstraint({ name: 'notBoth' })
class NotWithEmail implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as FerryCompletionsConfig).email === undefined;
  }

  defaultMessage(): string {
    return 'give email or content, not both';
  }
}

/** Exactly one of `email` and `content`. */
export class FerryCompletionsConfig {
  @Option({ title: 'Contact', description: 'Read the completions of the contact with this email (matched ignoring case).' })
  // Checked when set, and when content is not: one of the two is required.
  @ValidateIf((config: FerryCompletionsConfig) => config.email !== undefined || config.content === undefined)
  @IsString({ message: 'give email (whose completions to read) or content (a content uuid)' })
  @Matches(/\S/, { message: 'email must have at least one visible character' })
  email?: string;

  @Option({ title: 'Content', description: 'Read the completions of the content node with this uuid, one row per contact.' })
  @ValidateIf((config: FerryCompletionsConfig) => config.content !== undefined)
  @Matches(UUID, { message: 'content must be a content uuid, like 1b4e28ba-2fa1-11d2-883f-0016d3cca427' })
  @Validate(NotWithEmail)
  content?: string;
}
