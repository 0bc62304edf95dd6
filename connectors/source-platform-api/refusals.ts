import { FatalRunError } from '@ferry/sdk';
import type { Readable } from 'node:stream';
import { describeUrl } from './endpoint';
import { scrub, type Token } from './token';

/** Statuses worth another try: rate limits, timeouts, server trouble. */
export const isRetryable = (status: number) => status === 408 || status === 429 || (status >= 500 && status <= 599);

/** What an error status that no retry will fix means for the run; consumes (a little of) the body. */
export async function refusal(status: number, body: Readable, url: URL, page: number, token: Token): Promise<FatalRunError> {
  const where = `${describeUrl(url)} (page ${page})`;
  if (status === 401 || status === 403) {
    body.destroy();
    const advice = token.value
      ? `The token came from ${token.origin}; check it is current and may read this resource.`
      : `No token was sent: put one in ${token.origin}.`;
    return new FatalRunError('token_refused', `The platform refused the token (HTTP ${status}) for ${where}. ${advice}`, {
      status, url: describeUrl(url),
    });
  }
  if (status === 404) {
    body.destroy();
    return new FatalRunError('resource_not_found', `${describeUrl(url)} does not exist on the platform (HTTP 404): check baseUrl and resource.`, {
      status, url: describeUrl(url),
    });
  }
  const said = scrub(await startOf(body, 300), token).replace(/\s+/g, ' ').trim();
  return new FatalRunError(
    'request_refused',
    `The platform refused the request for ${where} with HTTP ${status}${said ? `: ${said}` : ''}. Check the resource and the paging options.`,
    { status, url: describeUrl(url) },
  );
}

/** The first characters of a body, then the rest is dropped. */
async function startOf(body: Readable, limit: number): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body) {
      text += Buffer.from(chunk).toString('utf8');
      if (text.length >= limit) break;
    }
  } catch {
    // an error page that does not arrive is no loss
  } finally {
    body.destroy();
  }
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
