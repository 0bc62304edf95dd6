import { FatalRunError, RetryLaterError } from '@ferry/sdk';
import { backoffMs, retryAfterMs, sleep } from './backoff';
import { describeUrl } from './endpoint';
import { httpGet, TransferFailure, type HttpSettings } from './http-get';
import { BodyError, parseBody, type BodyLayout } from './page-body';
import { isRetryable, refusal } from './refusals';
import type { Token } from './token';

/** A Retry-After longer than this is not waited out: the run stops and the job system retries it later. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface PageReading {
  http: HttpSettings;
  token: Token;
  layout: BodyLayout;
  maxRetries: number;
  retryBaseMs: number;
  /** The records path as configured, for messages. */
  itemsPath: string;
}

/** What a page says about the next one; complete once its records are read. */
export interface PageFacts {
  fields: Record<string, unknown>;
  link: string | null;
}

/**
 * Reads one page's records as they arrive. 429, 5xx and network failures are
 * retried (Retry-After honoured, else exponential backoff) — also when the
 * connection breaks halfway through a body: the page is asked for again and
 * the records already handed on are skipped. When retries run out, a
 * RetryLaterError names the URL (never its query, never the token).
 */
export function readPage(url: URL, page: number, reading: PageReading): { records: AsyncIterable<unknown>; facts: PageFacts } {
  const facts: PageFacts = { fields: Object.create(null) as Record<string, unknown>, link: null };

  async function* records(): AsyncGenerator<unknown> {
    let delivered = 0;
    for (let attempt = 0; ; attempt++) {
      let failure: { reason: string; waitMs?: number };
      try {
        const response = await httpGet(url, reading.http);
        if (response.status >= 200 && response.status < 300) {
          facts.link = response.headers.get('link');
          const body = parseBody(response.body, reading.layout);
          let seen = 0;
          for await (const record of body.records) {
            if (++seen <= delivered) continue; // handed on before the connection broke
            delivered++;
            yield record;
          }
          checkContainer(body.container, url, page, reading.itemsPath);
          Object.assign(facts.fields, body.fields);
          return;
        }
        if (!isRetryable(response.status)) throw await refusal(response.status, response.body, url, page, reading.token);
        response.body.destroy();
        failure = { reason: `HTTP ${response.status}`, waitMs: retryAfterMs(response.headers.get('retry-after')) };
      } catch (error) {
        if (error instanceof TransferFailure) failure = { reason: error.message };
        else if (error instanceof BodyError && error.kind === 'transfer') failure = { reason: `the connection broke during the page (${error.message})` };
        else if (error instanceof BodyError) throw invalidJson(url, page, error);
        else throw error;
      }
      if (attempt >= reading.maxRetries) throw gaveUp(url, page, failure.reason, attempt);
      if (failure.waitMs !== undefined && failure.waitMs > MAX_RETRY_AFTER_MS) throw tooLongToWait(url, page, failure.waitMs);
      await sleep(failure.waitMs ?? backoffMs(attempt, reading.retryBaseMs), reading.http.signal);
    }
  }

  return { records: records(), facts };
}

function checkContainer(container: 'array' | 'other' | undefined, url: URL, page: number, itemsPath: string): void {
  if (container === 'array') return;
  const where = itemsPath ? `"${itemsPath}"` : 'the top of the body';
  const found = container === undefined ? 'nothing' : 'something other than an array';
  throw new FatalRunError(
    'records_not_found',
    `The answer for ${describeUrl(url)} (page ${page}) has ${found} at ${where}, where the records should be. Set itemsPath to where the array of records sits (empty when the body is the array).`,
    { url: describeUrl(url), page, itemsPath },
  );
}

function invalidJson(url: URL, page: number, error: BodyError): FatalRunError {
  return new FatalRunError('invalid_json', `The answer for ${describeUrl(url)} (page ${page}) is not valid JSON (${error.message}).`, {
    url: describeUrl(url), page,
  });
}

function gaveUp(url: URL, page: number, reason: string, retries: number): RetryLaterError {
  return new RetryLaterError(
    'platform_unavailable',
    `The platform did not answer ${describeUrl(url)} (page ${page}): ${reason}, still after ${retries} ${retries === 1 ? 'retry' : 'retries'}. The run will be tried again later and go on from its last committed batch.`,
    { url: describeUrl(url), page, reason },
  );
}

function tooLongToWait(url: URL, page: number, waitMs: number): RetryLaterError {
  return new RetryLaterError(
    'rate_limited',
    `The platform asks to wait ${Math.ceil(waitMs / 1000)} seconds before asking for ${describeUrl(url)} (page ${page}) again. The run will be tried again later.`,
    { url: describeUrl(url), page, retryAfterMs: waitMs },
  );
}
