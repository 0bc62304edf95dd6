import { FatalRunError, resolveConfig, RetryLaterError, type Row } from '@ferry/sdk';
import { platformApiSource } from '..';
import { FakePlatform, people, TOKEN } from './fake-platform';
import { configFor, readAll } from './read';

let platform: FakePlatform;
beforeEach(async () => (platform = await FakePlatform.start()));
afterEach(() => platform.close());

/** Everything printed while a test runs, to prove the token never is. */
let printed: string[];
beforeEach(() => {
  printed = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterEach(() => {
  jest.restoreAllMocks();
  expect(printed.join('\n')).not.toContain(TOKEN);
});

/** The error a read ends with, checked to carry no trace of the token. */
async function failureOf(read: Promise<unknown>): Promise<Error & { code?: string; details?: unknown }> {
  const error = await read.then(() => undefined, (e: Error & { details?: unknown }) => e);
  expect(error).toBeInstanceOf(Error);
  expect(`${error!.message} ${error!.stack} ${JSON.stringify(error!.details ?? {})}`).not.toContain(TOKEN);
  return error!;
}

describe('platform-api source: retries', () => {
  it('waits out a 429 for the seconds Retry-After gives, then goes on', async () => {
    platform.data.people = people(3);
    platform.fail({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const rows = await readAll(configFor(platform, { retryBaseMs: 1 }));
    expect(rows).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(platform.requests).toHaveLength(2);
  });

  it('understands Retry-After as an HTTP date', async () => {
    platform.data.people = people(1);
    platform.fail({ status: 503, headers: { 'retry-after': new Date(Date.now() + 1500).toUTCString() } });
    const started = Date.now();
    expect(await readAll(configFor(platform, { retryBaseMs: 1 }))).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400); // HTTP dates have whole seconds
  });

  it('retries 503 twice with backoff, then succeeds', async () => {
    platform.data.people = people(4);
    platform.fail({ status: 503 }, { status: 503 });
    const rows = await readAll(configFor(platform, { pageSize: 2 }));
    expect(rows.map((r) => r.at.row)).toEqual([1, 2, 3, 4]);
    expect(platform.requests.map((r) => r.url.searchParams.get('page'))).toEqual(['1', '1', '1', '2']);
  });

  it('gives up on a server that keeps failing after maxRetries, with a RetryLaterError naming the URL without its query', async () => {
    platform.data.people = people(1);
    platform.fail(...Array.from({ length: 10 }, () => ({ status: 500 })));
    const error = await failureOf(readAll(configFor(platform, { maxRetries: 3, resource: 'people?access_token=xyz' })));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(error).toMatchObject({ code: 'platform_unavailable', message: expect.stringContaining(`${platform.baseUrl}/people (page 1): HTTP 500, still after 3 retries`) });
    expect(error.message).not.toContain('access_token');
    expect(platform.requests).toHaveLength(4);
  });

  it('retries a network failure, and a page whose connection breaks halfway, without repeating records', async () => {
    platform.data.people = people(40);
    platform.fail({ cut: true }, { cut: true });
    const rows = await readAll(configFor(platform, { pageSize: 40 }));
    expect(rows.map((r) => r.values.id)).toEqual(people(40).map((p) => p.id));
    expect(rows.map((r) => r.at.row)).toEqual(rows.map((_, i) => i + 1));
    expect(platform.requests).toHaveLength(3);
  });

  it('counts a server that does not answer within timeoutMs as failed', async () => {
    platform.data.people = people(1);
    platform.fail({ hang: true }, { hang: true });
    const error = await failureOf(readAll(configFor(platform, { timeoutMs: 150, maxRetries: 1 })));
    expect(error).toMatchObject({ code: 'platform_unavailable', message: expect.stringContaining('no answer within 150 ms') });
  });

  it('does not wait out a Retry-After of hours: the job system retries the run later', async () => {
    platform.fail({ status: 429, headers: { 'retry-after': '7200' } });
    const error = await failureOf(readAll(configFor(platform)));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('7200 seconds') });
  });
});

describe('platform-api source: refusals and the token', () => {
  it('stops the run on 401 saying the token was refused, and where it came from', async () => {
    platform.data.people = people(1);
    const error = await failureOf(readAll(configFor(platform, { token: 'tok_wrong' })));
    expect(error).toBeInstanceOf(FatalRunError);
    expect(error).toMatchObject({ code: 'token_refused', message: expect.stringContaining('The platform refused the token (HTTP 401)') });
    expect(error.message).toContain('the token option');
    expect(error.message).not.toContain('tok_wrong');
    expect(platform.requests).toHaveLength(1);
  });

  it('takes the token from the environment variable tokenEnv names, and says so when it is missing', async () => {
    platform.data.people = people(2);
    process.env.FERRY_PLATFORM_TEST_TOKEN = TOKEN;
    try {
      expect(await readAll(configFor(platform, { token: undefined, tokenEnv: 'FERRY_PLATFORM_TEST_TOKEN' }))).toHaveLength(2);
      expect(platform.requests[0].authorization).toBe(`Bearer ${TOKEN}`);
    } finally {
      delete process.env.FERRY_PLATFORM_TEST_TOKEN;
    }
    const error = await failureOf(readAll(configFor(platform, { token: undefined, tokenEnv: 'FERRY_PLATFORM_TEST_TOKEN' })));
    expect(error.message).toContain('No token was sent: put one in the FERRY_PLATFORM_TEST_TOKEN environment variable or the token option');
    expect(platform.requests.at(-1)!.authorization).toBeUndefined();
  });

  it('takes the token only from FERRY_PLATFORM_* variables, so no pipeline can send another secret as its token', () => {
    for (const tokenEnv of ['DATABASE_URL', 'FERRY_SMTP_PASSWORD', 'PATH']) {
      expect(() => resolveConfig(platformApiSource, { baseUrl: 'https://platform.example', tokenEnv })).toThrow(/tokenEnv must name an environment variable starting with FERRY_PLATFORM_/);
    }
  });

  it('refuses a token that is the *** of saved settings, rather than send it', async () => {
    const error = await failureOf(readAll(configFor(platform, { token: '***' })));
    expect(error).toMatchObject({ code: 'token_redacted' });
    expect(platform.requests).toHaveLength(0);
  });

  it('says a 404 means a wrong base URL or resource', async () => {
    const error = await failureOf(readAll(configFor(platform, { resource: 'peple' })));
    expect(error).toMatchObject({ code: 'resource_not_found', message: `${platform.baseUrl}/peple does not exist on the platform (HTTP 404): check baseUrl and resource.` });
  });

  it('quotes what the server said on another 4xx, with the token blotted out if it echoes it', async () => {
    platform.fail({ status: 400, body: `{"error":"bad updated_since","request":{"authorization":"Bearer ${TOKEN}"}}` });
    const error = await failureOf(readAll(configFor(platform)));
    expect(error).toMatchObject({ code: 'request_refused', message: expect.stringContaining('HTTP 400: {"error":"bad updated_since"') });
    expect(error.message).toContain('Bearer ***');
  });
});

describe('platform-api source: abort', () => {
  it('stops promptly when the run is aborted while a page is on its way', async () => {
    platform.data.people = people(4);
    platform.custom = (_req, _res, url) => url.searchParams.get('page') === '2'; // page 2 never answers
    const controller = new AbortController();
    const context = { signal: controller.signal };
    const rows: Row[] = [];
    const started = Date.now();
    const reading = (async () => {
      for await (const row of platformApiSource.read(configFor(platform, { pageSize: 2, timeoutMs: 60_000 }), context)) {
        rows.push(row);
        if (rows.length === 2) setTimeout(() => controller.abort(), 50);
      }
    })();
    await reading;
    expect(rows).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(platformApiSource.nextState!(configFor(platform), context)).toBeUndefined();
  });

  it('stops promptly when aborted while waiting to retry', async () => {
    platform.fail({ status: 429, headers: { 'retry-after': '60' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    expect(await readAll(configFor(platform), { signal: controller.signal })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
