import { RunStore, type Database } from '@ferry/domain';
import { RunPipeline, type PipelineDocument } from '@ferry/engine';
import { PluginRegistry, REDACTED, redactSecrets } from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { crmContactsSink } from '../../sink-crm-contacts';
import { mapColumnsStep } from '../../step-map-columns';
import { normalizeEmailStep } from '../../step-normalize-email';
import { tagsStep } from '../../step-tags';
import { platformApiSource } from '..';
import { FakePlatform, people, TOKEN } from './fake-platform';

let db: Database;
let engine: RunPipeline;
let platform: FakePlatform;
beforeAll(async () => {
  db = await openTestDatabase();
  engine = new RunPipeline(db, new PluginRegistry([platformApiSource, mapColumnsStep, normalizeEmailStep, tagsStep, crmContactsSink]));
});
afterAll(() => db.close());
beforeEach(async () => (platform = await FakePlatform.start()));
afterEach(() => platform.close());

const pipeline = (): PipelineDocument => ({
  name: 'Sync people from the old platform',
  source: { use: 'platform-api', config: { baseUrl: platform.baseUrl, resource: 'people', pageSize: 2, token: TOKEN, retryBaseMs: 5 } },
  steps: [
    { use: 'map-columns', config: { mapping: { 'profile.first_name': 'first_name', 'profile.last_name': 'last_name', id: 'skip', updated_at: 'skip' } } },
    { use: 'normalize-email' },
    { use: 'tags' },
  ],
  sink: { use: 'crm-contacts' },
  options: { batchSize: 2 },
});

async function contacts(workspaceId: string): Promise<{ email: string; first_name: string; tags: string }[]> {
  return db.sql.query(
    `select c.email, c.first_name,
            (select string_agg(t.name, ', ' order by t.name) from tag t where t.workspace_id = c.workspace_id and c.tag_ids @> array[t.id]) as tags
       from contact c where c.workspace_id = ? order by c.email`,
    [workspaceId],
  );
}

describe('platform-api source through the engine into crm-contacts', () => {
  it('creates the contacts, then a second run from the saved state updates only the changed ones', async () => {
    const ws = await newWorkspace(db);
    platform.data.people = people(5);

    const first = await engine.execute({ workspaceId: ws.id, pipeline: pipeline() });
    expect(first).toMatchObject({ status: 'completed', counts: { read: 5, created: 5, failed: 0 } });
    expect(first.nextState).toEqual({ updatedSince: people(5)[4].updated_at });
    expect(await contacts(ws.id)).toEqual(
      people(5).map((p) => ({ email: p.email, first_name: `First${p.id}`, tags: `cohort-${Number(p.id) % 2}, learner` })),
    );

    // On the platform: one person renamed, one given a new tag, one new person.
    const later = (minute: number) => new Date(Date.UTC(2026, 0, 2, 9, minute)).toISOString();
    platform.data.people[1] = { ...platform.data.people[1], profile: { first_name: 'Grace', last_name: 'Two' }, updated_at: later(1) };
    platform.data.people[3] = { ...platform.data.people[3], tags: ['graduate'], updated_at: later(2) };
    platform.data.people.push({ ...people(1, 6)[0], updated_at: later(3) });
    platform.requests.length = 0;

    const second = await engine.execute({ workspaceId: ws.id, pipeline: pipeline(), state: first.nextState });
    expect(second).toMatchObject({ status: 'completed', counts: { read: 3, created: 1, updated: 2, unchanged: 0 } });
    expect(second.nextState).toEqual({ updatedSince: later(3) });
    const reads = platform.requests.filter((r) => r.url.searchParams.has('updated_since'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.url.searchParams.get('updated_since') === people(5)[4].updated_at)).toBe(true);

    const after = await contacts(ws.id);
    expect(after.find((c) => c.email === 'person2@example.com')).toMatchObject({ first_name: 'Grace' });
    expect(after.find((c) => c.email === 'person4@example.com')).toMatchObject({ tags: 'cohort-0, graduate, learner' });
    expect(after.find((c) => c.email === 'person6@example.com')).toMatchObject({ first_name: 'First6' });
    expect(after).toHaveLength(6);
  });

  it('reports records it cannot use as row issues, and the run goes on', async () => {
    const ws = await newWorkspace(db);
    platform.raw.people = '{"data":[{"id":1,"email":"ada@example.com","profile":{"first_name":"Ada","last_name":"L"},"updated_at":"2026-01-01T00:00:00Z"},42,{"email":"x@example.com","profile":{"first_name":"X","last_name":"Y"}}]}';
    const result = await engine.execute({ workspaceId: ws.id, pipeline: pipeline() });
    expect(result).toMatchObject({ status: 'completed_with_errors', counts: { read: 3, created: 1, failed: 2 } });
    const issues = await new RunStore(db.sql).issues(ws.id, result.runId);
    expect(issues.map((i) => [i.row, i.code, i.file])).toEqual([
      [2, 'not_an_object', `127.0.0.1:${platform.port}/people`],
      [3, 'missing_id', `127.0.0.1:${platform.port}/people`],
    ]);
  });

  it('has a token the engine can hide from saved settings with redactSecrets', () => {
    const config = pipeline().source.config!;
    expect(redactSecrets(platformApiSource.config, config)).toEqual({ ...config, token: REDACTED });
    expect(config.token).toBe(TOKEN);
  });
});
