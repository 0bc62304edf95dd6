import { ferryExpecting, scratchFiles } from '../support/cli-session';
import { uniqueSlug } from '../support/test-database';

/*
 * The moves that are pipelines (grant an offer to a tag, merge two accounts'
 * progress, carry progress over to new content), through `ferry` as a
 * process on real PostgreSQL: dry-run, history and idempotency as imports have.
 */
// Every step is a `ferry` process (a second or more each on a busy machine), and a test runs a dozen.
jest.setTimeout(180_000);

const file = scratchFiles('ferry-moves');

const ferry = ferryExpecting;

const P = '11111111-1111-4111-8111-111111111111';
const J1 = '22222222-2222-4222-8222-222222222221';
const A1 = '33333333-3333-4333-8333-333333333331';
const A2 = '33333333-3333-4333-8333-333333333332';
const P2 = '44444444-4444-4444-8444-444444444444';
const J3 = '55555555-5555-4555-8555-555555555555';
const A4 = '66666666-6666-4666-8666-666666666664';
const A5 = '66666666-6666-4666-8666-666666666665';

/** Spanish (a programme, a journey of two activities) and its 2027 edition, and the people in `contacts`. */
async function school(ws: string, contacts: string): Promise<void> {
  await ferry(ws, ['products', 'add', 'Spanish']);
  await ferry(ws, ['content', 'import', file(`spanish-${ws}.json`, JSON.stringify([{ uuid: P, title: 'Spanish', level: 'programme', children: [
    { uuid: J1, title: 'Greetings', level: 'journey', children: [{ uuid: A1, title: 'Hello', level: 'activity' }, { uuid: A2, title: 'Bye', level: 'activity' }] }] }])), '--product', 'Spanish']);
  await ferry(ws, ['products', 'add', 'Spanish 2027']);
  await ferry(ws, ['content', 'import', file(`spanish-2027-${ws}.json`, JSON.stringify([{ uuid: P2, title: 'Spanish 2027', level: 'programme', children: [
    { uuid: J3, title: 'Saludos', level: 'journey', children: [{ uuid: A4, title: 'Hola', level: 'activity' }, { uuid: A5, title: 'Adiós', level: 'activity' }] }] }])), '--product', 'Spanish 2027']);
  await ferry(ws, ['import', file(`contacts-${ws}.csv`, contacts), '--map', 'Groups=tags']);
}

const completions = async (ws: string, email: string) =>
  ((await ferry(ws, ['progress', 'show', email, '--json'])).json() as { uuid: string; completed_on: string }[])
    .map((c) => [c.uuid, c.completed_on]).sort();

const runNames = async (ws: string) => ((await ferry(ws, ['runs', '--json'])).json() as { name: string }[]).map((r) => r.name);

describe('moves that are pipelines', () => {
  it('grants an offer to every contact with a tag: dry-run first, then for real, then again changing nothing', async () => {
    const ws = uniqueSlug('moves');
    await school(ws, 'Email,Groups\nada@example.com,vip\nalan@example.com,vip; maths\ngrace@example.com,maths\n');

    const dry = (await ferry(ws, ['grant', '--offer', 'spanish', '--tag', 'VIP', '--dry-run', '--json'])).json();
    expect(dry).toMatchObject({ name: 'Grant Spanish to tag VIP', dryRun: true, status: 'completed', counts: { read: 2, created: 2, failed: 0 } });
    expect((await ferry(ws, ['offers', '--json'])).json().find((o: any) => o.name === 'Spanish').grants).toBe(0);

    const real = await ferry(ws, ['grant', '--offer', 'Spanish', '--tag', 'vip']);
    expect(real.stdout).toContain('Grant Spanish to tag vip — completed');
    expect(real.stdout).toMatch(/read\s+created[\s\S]*\n2\s+2\s/);
    expect((await ferry(ws, ['offers', '--json'])).json().find((o: any) => o.name === 'Spanish').grants).toBe(2);
    expect((await ferry(ws, ['contacts', 'show', 'alan@example.com', '--json'])).json().offers).toEqual(['Spanish']);
    expect((await ferry(ws, ['contacts', 'show', 'grace@example.com', '--json'])).json().offers).toEqual([]);

    const again = (await ferry(ws, ['grant', '--offer', 'Spanish', '--tag', 'vip', '--name', 'Spanish for VIPs, again', '--json'])).json();
    expect(again.counts).toMatchObject({ read: 2, created: 0, updated: 0, unchanged: 2 });
    expect(await runNames(ws)).toEqual(expect.arrayContaining(['Spanish for VIPs, again', 'Grant Spanish to tag vip', 'Grant Spanish to tag VIP']));
  });

  it('refuses an unknown offer or tag before any run starts', async () => {
    const ws = uniqueSlug('moves');
    await school(ws, 'Email,Groups\nada@example.com,vip\n');
    const before = (await runNames(ws)).length;
    expect((await ferry(ws, ['grant', '--offer', 'French', '--tag', 'vip'], 2)).stderr).toContain('There is no offer "French"');
    expect((await ferry(ws, ['grant', '--offer', 'Spanish', '--tag', 'nobody'], 2)).stderr).toContain('No contact has the tag "nobody"');
    expect(await runNames(ws)).toHaveLength(before);
  });

  it('merges the progress of two accounts: the earliest date of each completion wins', async () => {
    const ws = uniqueSlug('moves');
    await school(ws, 'Email,Groups\nold@example.com,\nnew@example.com,\n');
    await ferry(ws, ['import', file(`progress-${ws}.csv`, `email,content,completed_on\nold@example.com,${A1},2026-01-10\nold@example.com,${A2},2026-02-01\nnew@example.com,${A1},2026-03-01\n`), '--into', 'progress']);

    const dry = (await ferry(ws, ['progress', 'merge-users', '--from', 'OLD@example.com', '--to', 'new@example.com', '--dry-run', '--json'])).json();
    expect(dry).toMatchObject({ name: 'Merge progress of old@example.com into new@example.com', dryRun: true, counts: { read: 2, created: 1, updated: 1 } });
    expect(await completions(ws, 'new@example.com')).toEqual([[A1, '2026-03-01']]);

    const merged = (await ferry(ws, ['progress', 'merge-users', '--from', 'old@example.com', '--to', 'new@example.com', '--json'])).json();
    expect(merged.counts).toMatchObject({ read: 2, created: 1, updated: 1, failed: 0 });
    expect(await completions(ws, 'new@example.com')).toEqual([[A1, '2026-01-10'], [A2, '2026-02-01']].sort());
    expect(await completions(ws, 'old@example.com')).toEqual([[A1, '2026-01-10'], [A2, '2026-02-01']].sort());

    const again = (await ferry(ws, ['progress', 'merge-users', '--from', 'old@example.com', '--to', 'new@example.com', '--json'])).json();
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

    const before = (await runNames(ws)).length;
    expect((await ferry(ws, ['progress', 'merge-users', '--from', 'old@example.com', '--to', 'nobody@example.com'], 2)).stderr)
      .toContain('There is no contact nobody@example.com.');
    expect((await ferry(ws, ['progress', 'merge-users', '--from', 'old@example.com', '--to', 'OLD@example.com'], 2)).stderr)
      .toContain('--from and --to are the same contact.');
    expect(await runNames(ws)).toHaveLength(before);
  });

  it('shows a contact\'s completions, hidden until they have access to the product', async () => {
    const ws = uniqueSlug('moves');
    await school(ws, 'Email,Groups\nada@example.com,vip\n');
    await ferry(ws, ['import', file(`progress-${ws}.csv`, `email,content,completed_on\nada@example.com,${A1},2026-01-10\n`), '--into', 'progress']);
    const hidden = (await ferry(ws, ['progress', 'show', 'ada@example.com'])).stdout;
    expect(hidden).toMatch(new RegExp(`Spanish\\s+activity\\s+Hello\\s+${A1}\\s+2026-01-10\\s+no`));
    expect(hidden).toContain('1 not visible');
    await ferry(ws, ['grant', '--offer', 'Spanish', '--tag', 'vip']);
    expect((await ferry(ws, ['progress', 'show', 'ada@example.com', '--json'])).json())
      .toEqual([{ uuid: A1, title: 'Hello', level: 'activity', product: 'Spanish', completed_on: '2026-01-10', visible: true }]);
    expect((await ferry(ws, ['progress', 'show', 'nobody@example.com'], 2)).stderr).toContain('There is no contact nobody@example.com.');
  });

  it('carries progress over to the content that replaces it, with everything below it, keeping the dates', async () => {
    const ws = uniqueSlug('moves');
    await school(ws, 'Email,Groups\nada@example.com,\nalan@example.com,\ngrace@example.com,\n');
    await ferry(ws, ['import', file(`progress-${ws}.csv`,
      `email,content,completed_on\nada@example.com,${J1},2026-01-05\nalan@example.com,${A1},2026-02-02\ngrace@example.com,${J1},2025-11-30\n`), '--into', 'progress']);

    const dry = (await ferry(ws, ['progress', 'carry-over', '--from', J1, '--to', J3, '--dry-run', '--json'])).json();
    expect(dry).toMatchObject({ name: 'Carry over progress from Greetings to Saludos', dryRun: true, counts: { read: 2, created: 2 } });
    expect(await completions(ws, 'ada@example.com')).toEqual([[A1, '2026-01-05'], [A2, '2026-01-05'], [J1, '2026-01-05']].sort());

    const carried = await ferry(ws, ['progress', 'carry-over', '--from', J1, '--to', J3]);
    expect(carried.stdout).toContain('Carry over progress from Greetings to Saludos — completed');
    expect(await completions(ws, 'ada@example.com')).toEqual(expect.arrayContaining([[J3, '2026-01-05'], [A4, '2026-01-05'], [A5, '2026-01-05']]));
    expect(await completions(ws, 'grace@example.com')).toEqual(expect.arrayContaining([[J3, '2025-11-30'], [A4, '2025-11-30'], [A5, '2025-11-30']]));
    expect(await completions(ws, 'alan@example.com')).toEqual([[A1, '2026-02-02']]);

    expect((await ferry(ws, ['progress', 'carry-over', '--from', J1, '--to', J3, '--json'])).json().counts).toMatchObject({ created: 0, unchanged: 2 });
    expect((await ferry(ws, ['progress', 'carry-over', '--from', J1, '--to', '99999999-9999-4999-8999-999999999999'], 2)).stderr)
      .toContain('There is no content 99999999-9999-4999-8999-999999999999.');
  });
});
