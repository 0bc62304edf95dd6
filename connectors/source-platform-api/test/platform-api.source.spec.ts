import { ConfigError, FatalRunError, isRejected, resolveConfig } from '@ferry/sdk';
import { tagsStep } from '../../step-tags';
import { platformApiSource } from '..';
import { FakePlatform, people, TOKEN } from './fake-platform';
import { configFor, readAll, sync } from './read';

let platform: FakePlatform;
beforeEach(async () => (platform = await FakePlatform.start()));
afterEach(() => platform.close());

const emails = (rows: { values: Record<string, unknown> }[]) => rows.map((r) => r.values.email);
const param = (i: number, name: string) => platform.requests[i].url.searchParams.get(name);

describe('platform-api source: pagination', () => {
  it('pages with page=N&per_page=M until the last page the body names, with the bearer token on every request', async () => {
    platform.data.people = people(7);
    const rows = await readAll(configFor(platform, { pageSize: 3 }));
    expect(emails(rows)).toEqual(people(7).map((p) => p.email));
    expect(rows.map((r) => r.at)).toEqual(rows.map((_, i) => ({ file: `127.0.0.1:${platform.port}/people`, row: i + 1 })));
    expect(platform.requests.map((r) => [r.url.pathname, param(platform.requests.indexOf(r), 'page'), param(platform.requests.indexOf(r), 'per_page')])).toEqual([
      ['/api/people', '1', '3'], ['/api/people', '2', '3'], ['/api/people', '3', '3'],
    ]);
    expect(platform.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('without a last page or total in the body, stops at the first empty page', async () => {
    platform.pageMeta = false;
    platform.data.people = people(6);
    const rows = await readAll(configFor(platform, { pageSize: 3 }));
    expect(rows).toHaveLength(6);
    expect(platform.requests.map((_, i) => param(i, 'page'))).toEqual(['1', '2', '3']);
  });

  it('follows a cursor found anywhere in the body (here before the records, nested), sent back as cursor=', async () => {
    platform.style = 'cursor';
    platform.data.grants = people(5).map((p) => ({ id: `g${p.id}`, email: p.email, offer: 'course-a', updated_at: p.updated_at }));
    const rows = await readAll(configFor(platform, { resource: 'grants', pagination: 'cursor', itemsPath: 'results', cursorField: 'meta.next', pageSize: 2 }));
    expect(rows.map((r) => r.values.id)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    expect(platform.requests.map((_, i) => param(i, 'cursor'))).toEqual([null, 'c2', 'c4']);
    expect(platform.requests.every((_, i) => param(i, 'per_page') === '2')).toBe(true);
  });

  it('follows Link rel="next" headers (relative, with quoted parameters) over top-level arrays', async () => {
    platform.style = 'link';
    platform.data.completions = people(5).map((p) => ({ id: p.id, email: p.email, content: 'lesson-1', updated_at: p.updated_at }));
    const rows = await readAll(configFor(platform, { resource: 'completions', pagination: 'link', itemsPath: '', pageSize: 2 }));
    expect(rows.map((r) => r.values.id)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[4].at).toEqual({ file: `127.0.0.1:${platform.port}/completions`, row: 5 });
    expect(platform.requests.map((_, i) => param(i, 'offset'))).toEqual([null, '2', '4']);
  });

  it('refuses a next link to another server rather than send it the token', async () => {
    platform.style = 'link';
    platform.data.people = people(3);
    platform.custom = (_req, res) => {
      res.writeHead(200, { link: '<https://elsewhere.example.com/api/people?offset=2>; rel="next"' });
      res.end(JSON.stringify(people(2)));
      return true;
    };
    const read = readAll(configFor(platform, { pagination: 'link', itemsPath: '' }));
    await expect(read).rejects.toMatchObject({ code: 'foreign_link', message: expect.stringContaining('https://elsewhere.example.com') });
    expect(platform.requests).toHaveLength(1);
  });

  it('stops when the server answers every page with the same records (it ignores the page parameter)', async () => {
    platform.data.people = people(6);
    const read = readAll(configFor(platform, { pageSize: 2, pageParam: 'p' }));
    await expect(read).rejects.toMatchObject({ code: 'paging_loop', message: expect.stringContaining('the same records as the page before') });
    expect(platform.requests).toHaveLength(2);
  });

  it('says where the records should be when itemsPath does not match the body', async () => {
    platform.data.people = people(2);
    await expect(readAll(configFor(platform, { itemsPath: 'results' }))).rejects.toThrow(FatalRunError);
    await expect(readAll(configFor(platform, { itemsPath: 'results' }))).rejects.toMatchObject({
      code: 'records_not_found', message: expect.stringContaining('nothing at "results"'),
    });
    await expect(readAll(configFor(platform, { itemsPath: 'page' }))).rejects.toMatchObject({ message: expect.stringContaining('other than an array') });
  });
});

describe('platform-api source: incremental syncs', () => {
  it('reads everything first, then only what changed since the saved state, which moves to the latest change', async () => {
    platform.data.people = people(5);
    const config = configFor(platform, { pageSize: 2 });
    const first = await sync(config);
    expect(first.rows).toHaveLength(5);
    expect(first.state).toEqual({ updatedSince: people(5)[4].updated_at });
    expect(platform.requests.every((r) => !r.url.searchParams.has('updated_since'))).toBe(true);

    // On the platform: two people change, one joins.
    const later = (minute: number) => new Date(Date.UTC(2026, 0, 2, 9, minute)).toISOString();
    platform.data.people[1] = { ...platform.data.people[1], profile: { first_name: 'Renamed', last_name: 'Two' }, updated_at: later(1) };
    platform.data.people[3] = { ...platform.data.people[3], tags: ['graduate'], updated_at: later(3) };
    platform.data.people.push({ ...people(1, 6)[0], updated_at: later(2) });
    platform.requests.length = 0;

    const second = await sync(config, first.state);
    expect(emails(second.rows)).toEqual(['person2@example.com', 'person4@example.com', 'person6@example.com']);
    expect(platform.requests.every((r) => r.url.searchParams.get('updated_since') === people(5)[4].updated_at)).toBe(true);
    expect(second.state).toEqual({ updatedSince: later(3) });

    const third = await sync(config, second.state);
    expect(third.rows).toEqual([]);
    expect(third.state).toEqual(second.state); // nothing read: the previous state stays
  });

  it('leaves no state for a read that did not finish, and reads everything when the saved state is unreadable', async () => {
    platform.data.people = people(3);
    const config = configFor(platform);
    const context = { state: { updatedSince: 'yesterday-ish' } };
    for await (const _row of platformApiSource.read(config, context)) break;
    expect(platformApiSource.nextState!(config, context)).toBeUndefined();
    const full = await sync(config, { updatedSince: 'yesterday-ish' });
    expect(full.rows).toHaveLength(3);
    expect(platform.requests.some((r) => r.url.searchParams.has('updated_since'))).toBe(false);
  });
});

describe('platform-api source: records as rows', () => {
  it('flattens nested objects to dotted keys and joins lists of values, which the tags step splits', async () => {
    platform.data.people = people(1);
    const [row] = await readAll(configFor(platform));
    expect({ ...row.values }).toEqual({
      id: 1, email: 'person1@example.com', 'profile.first_name': 'First1', 'profile.last_name': 'Last1', tags: 'learner, cohort-1',
      updated_at: people(1)[0].updated_at,
    });
    const tags = await tagsStep.create(resolveConfig(tagsStep, {}), { columns: [], fields: [] });
    const [tagged] = await tags.transform([row]);
    expect(tagged.values.tags).toEqual(['learner', 'cohort-1']);
  });

  it('keeps "__proto__" keys as plain keys, at any depth, and pollutes nothing', async () => {
    platform.raw.people = '{"data":[{"id":1,"__proto__":{"polluted":"yes"},"profile":{"__proto__":"x","constructor":"c"},"list":[{"__proto__":1}]}]}';
    const [row] = await readAll(configFor(platform));
    expect(Object.getPrototypeOf(row.values)).toBeNull();
    expect(Object.keys(row.values)).toEqual(['id', '__proto__.polluted', 'profile.__proto__', 'profile.constructor', 'list']);
    expect(row.values['profile.__proto__']).toBe('x');
    expect(row.values.list).toBe('[{"__proto__":1}]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(isRejected(row)).toBe(false);
  });

  it('turns a record that is not an object, or has no id, into a rejected row naming page and position; the rest go on', async () => {
    platform.raw.people = '{"data":[{"id":1,"email":"a@example.com"},"just text",{"email":"no-id@example.com"},{"id":4,"email":"d@example.com"}]}';
    const rows = await readAll(configFor(platform));
    expect(rows.map((r) => r.at.row)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => r.issues.map((i) => i.code))).toEqual([[], ['not_an_object'], ['missing_id'], []]);
    expect(rows[1].issues[0]).toMatchObject({ row: 2, value: '"just text"', message: expect.stringContaining('Record 2 of page 1 is a text') });
    expect(rows[2].issues[0]).toMatchObject({ row: 3, column: 'id', message: expect.stringContaining('Record 3 of page 1 has no "id"') });
  });

  it('keeps integers too large for a double as their digits', async () => {
    platform.raw.people = '{"data":[{"id":12345678901234567891,"score":1.5}]}';
    const [row] = await readAll(configFor(platform));
    expect(row.values).toMatchObject({ id: '12345678901234567891', score: 1.5 });
  });

  it('reports bad JSON as a fatal error naming the URL and page', async () => {
    platform.raw.people = '{"data":[{"id":1},{"id":2,}]}';
    await expect(readAll(configFor(platform))).rejects.toMatchObject({ code: 'invalid_json', message: expect.stringContaining('/api/people (page 1)') });
  });
});

describe('platform-api source: discover', () => {
  it('reports the columns of a small sample of the first page, without the saved state and without reading on', async () => {
    platform.data.people = people(50);
    platform.data.people[1] = { ...platform.data.people[1], phone: '+44 7700 900123' };
    const config = configFor(platform, { sampleSize: 3 });
    const [stream] = await platformApiSource.discover(config, { state: { updatedSince: '2030-01-01T00:00:00Z' } });
    expect(stream.name).toBe(`127.0.0.1:${platform.port}/people`);
    expect(stream.columns.map((c) => c.key)).toEqual(['id', 'email', 'profile.first_name', 'profile.last_name', 'tags', 'updated_at', 'phone']);
    expect(stream.columns[6]).toEqual({ key: 'phone', header: 'phone', index: 6 });
    expect(stream.details).toMatchObject({ pagination: 'page', sampled: 3, url: `${platform.baseUrl}/people` });
    expect(platform.requests).toHaveLength(1);
    expect(param(0, 'per_page')).toBe('3');
    expect(param(0, 'updated_since')).toBeNull();
  });
});

describe('platform-api source: settings', () => {
  it('needs an http(s) base URL and a resource path under it', () => {
    expect(() => resolveConfig(platformApiSource, {})).toThrow(/baseUrl is required/);
    expect(() => resolveConfig(platformApiSource, { baseUrl: 'ftp://example.com' })).toThrow(ConfigError);
    expect(() => resolveConfig(platformApiSource, { baseUrl: 'https://api.example.com/v1', resource: '../admin' })).toThrow(/resource must be/);
    expect(() => resolveConfig(platformApiSource, { baseUrl: 'https://api.example.com/v1', resource: 'https://evil.example.com/x' })).toThrow(/resource must be/);
    expect(() => resolveConfig(platformApiSource, { baseUrl: 'https://api.example.com/v1', pagination: 'offset' })).toThrow(/pagination/);
    const config = resolveConfig(platformApiSource, { baseUrl: 'https://api.example.com/v1', resource: 'v2/members?status=active' });
    expect(config).toMatchObject({ pagination: 'page', pageSize: 100, tokenEnv: 'FERRY_PLATFORM_TOKEN', updatedSinceParam: 'updated_since', maxRetries: 5 });
  });

  it('keeps a query the resource carries and labels rows with host and resource', async () => {
    platform.data.people = people(1);
    const rows = await readAll(configFor(platform, { resource: '/people?status=active' }));
    expect(rows[0].at.file).toBe(`127.0.0.1:${platform.port}/people`);
    expect(param(0, 'status')).toBe('active');
  });
});
