import { backoffMs, MAX_BACKOFF_MS, retryAfterMs } from '../backoff';
import { describeUrl, endpointOf } from '../endpoint';
import { linkWithRel } from '../link-header';

describe('Link headers', () => {
  it('finds rel="next" among several links, quoted or not, in any case', () => {
    const header = '<https://api.example.com/p?page=1>; rel="first", <https://api.example.com/p?page=3>; title="a, \\"b\\""; REL="prev next", </p?page=9>; rel=last';
    expect(linkWithRel(header, 'next')).toBe('https://api.example.com/p?page=3');
    expect(linkWithRel(header, 'last')).toBe('/p?page=9');
    expect(linkWithRel(header, 'self')).toBeUndefined();
    expect(linkWithRel(null, 'next')).toBeUndefined();
    expect(linkWithRel('garbage', 'next')).toBeUndefined();
  });
});

describe('Retry-After and backoff', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('doubles from the base with jitter, up to a ceiling', () => {
    expect([0, 1, 2].map((attempt) => backoffMs(attempt, 100, () => 0))).toEqual([50, 100, 200]);
    expect([0, 1, 2].map((attempt) => backoffMs(attempt, 100, () => 1))).toEqual([100, 200, 400]);
    expect(backoffMs(30, 500, () => 1)).toBe(MAX_BACKOFF_MS);
  });
});

describe('endpoints', () => {
  it('puts the resource under the base URL and names rows by host and resource', () => {
    expect(endpointOf('https://api.example.com/v1', 'people')).toMatchObject({ label: 'api.example.com/people' });
    expect(endpointOf('https://api.example.com/v1/', '/v2/members?x=1').url.href).toBe('https://api.example.com/v1/v2/members?x=1');
  });

  it('shows URLs without query or credentials', () => {
    expect(describeUrl(new URL('https://me:pw@api.example.com:8443/v1/people?access_token=s3cret&page=2'))).toBe('https://api.example.com:8443/v1/people');
  });
});
