import { FatalRunError, REDACTED } from '@ferry/sdk';

export interface Token {
  value?: string;
  /** Where it came from (or would come from, when unset), for messages: never the token itself. */
  origin: string;
}

/** The token option wins over the environment variable; neither means no Authorization header. */
export function tokenOf(config: { token?: string; tokenEnv: string }, env: NodeJS.ProcessEnv = process.env): Token {
  const configured = config.token?.trim();
  if (configured === REDACTED) {
    throw new FatalRunError(
      'token_redacted',
      `The token option holds "${REDACTED}": these settings were copied from a saved run, which never keeps secrets. Set the token again, or put it in the ${config.tokenEnv} environment variable.`,
    );
  }
  if (configured) return { value: configured, origin: 'the token option' };
  const fromEnv = env[config.tokenEnv]?.trim();
  if (fromEnv) return { value: fromEnv, origin: `the ${config.tokenEnv} environment variable` };
  return { origin: `the ${config.tokenEnv} environment variable or the token option` };
}

/** Text from the server (an error body) with the token blotted out, should it be echoed back. */
export function scrub(text: string, token: Token): string {
  return token.value ? text.split(token.value).join(REDACTED) : text;
}
