import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface HttpSettings {
  /** Sent as `Authorization: Bearer …`; never put in a message. */
  token?: string;
  /** How long the server may take to answer, and to send the next bytes of a body. */
  timeoutMs: number;
  /** The run's: aborting it stops the request and the body at once. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body as it arrives; destroy it to drop the rest. */
  body: Readable;
}

/** The connection failed or went quiet for too long: worth another try. */
export class TransferFailure extends Error {}

/**
 * One GET with Node's fetch. A timeout counts from the request and again from
 * every chunk of the body, so a large page that keeps arriving is never cut.
 * A caller's abort is thrown as is (an AbortError); everything else that goes
 * wrong on the wire is a TransferFailure, with no header or token in it.
 */
export async function httpGet(url: URL, settings: HttpSettings): Promise<HttpResponse> {
  settings.signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  const stop = () => controller.abort(settings.signal?.reason);
  settings.signal?.addEventListener('abort', stop, { once: true });
  const release = () => {
    clearTimeout(timer);
    settings.signal?.removeEventListener('abort', stop);
  };
  const failure = (error: unknown): unknown => {
    if (settings.signal?.aborted) return error;
    if (timedOut) return new TransferFailure(`no answer within ${settings.timeoutMs} ms`);
    return new TransferFailure(describeNetworkError(error));
  };

  let response: Response;
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (settings.token) headers.authorization = `Bearer ${settings.token}`;
    response = await fetch(url, { headers, signal: controller.signal });
  } catch (error) {
    release();
    throw failure(error);
  }
  const web = response.body as WebReadableStream<Uint8Array> | null;
  let started = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    started = true;
    try {
      if (!web) return;
      for await (const chunk of web) {
        timer.refresh();
        yield chunk;
      }
    } catch (error) {
      throw failure(error);
    } finally {
      release();
    }
  }
  const body = Readable.from(chunks(), { objectMode: false });
  // A body dropped unread (an error status) never runs the generator's finally.
  body.once('close', () => {
    release();
    if (!started) web?.cancel().catch(() => undefined);
  });
  return { status: response.status, headers: response.headers, body };
}

/** fetch says "fetch failed" and puts the reason (ECONNREFUSED, a reset) in `cause`. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : 'network error';
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
