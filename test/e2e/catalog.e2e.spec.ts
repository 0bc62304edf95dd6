import { ferryExpecting, scratchFiles } from '../support/cli-session';
import { uniqueSlug } from '../support/test-database';

/* Products, offers, content trees and teams through `ferry` as a process, on real PostgreSQL. */
// Every step is a `ferry` process (a second or more each on a busy machine), and a test runs a dozen.
jest.setTimeout(120_000);

const file = scratchFiles('ferry-catalog');

const ferry = ferryExpecting;

const P = '11111111-1111-4111-8111-111111111111';
const J1 = '22222222-2222-4222-8222-222222222221';
const J2 = '22222222-2222-4222-8222-222222222222';
const A1 = '33333333-3333-4333-8333-333333333331';
const A2 = '33333333-3333-4333-8333-333333333332';

const tree = (greetings = 'Greetings') => JSON.stringify([{ uuid: P, title: 'Spanish A1', level: 'programme', children: [
  { uuid: J1, title: greetings, level: 'journey', children: [{ uuid: A1, title: 'Say hello', level: 'activity' }, { uuid: A2, title: 'Say goodbye', level: 'activity' }] },
  { uuid: J2, title: 'Numbers', level: 'journey' },
] }], null, 2);

describe('the catalog through the CLI', () => {
  it('adds products (each with its own offer) and offers over several products, and lists them', async () => {
    const ws = uniqueSlug('catalog');
    expect((await ferry(ws, ['products', 'list'])).stdout).toContain('No products yet');
    expect((await ferry(ws, ['products', 'add', 'Spanish A1'])).stdout).toContain('Added product Spanish A1, with its offer Spanish A1.');
    await ferry(ws, ['products', 'add', ' Spanish A2 ']);

    const dup = await ferry(ws, ['products', 'add', 'spanish a1'], 2);
    expect(dup.stderr).toContain('There is already a product "Spanish A1".');

    expect((await ferry(ws, ['offers', 'add', 'Spanish complete', '--products', 'spanish a1; Spanish A2'])).stdout)
      .toContain('Added offer Spanish complete, granting Spanish A1, Spanish A2.');
    const unknown = await ferry(ws, ['offers', 'add', 'Everything', '--products', 'Spanish A1; Klingon'], 2);
    expect(unknown.stderr).toContain('There is no product "Klingon"');

    expect((await ferry(ws, ['products', 'list', '--json'])).json()).toEqual([
      { name: 'Spanish A1', contentNodes: 0, offers: ['Spanish A1', 'Spanish complete'] },
      { name: 'Spanish A2', contentNodes: 0, offers: ['Spanish A2', 'Spanish complete'] },
    ]);
    expect((await ferry(ws, ['offers', '--json'])).json()).toEqual([
      { name: 'Spanish A1', products: ['Spanish A1'], grants: 0 },
      { name: 'Spanish A2', products: ['Spanish A2'], grants: 0 },
      { name: 'Spanish complete', products: ['Spanish A1', 'Spanish A2'], grants: 0 },
    ]);
    const listed = (await ferry(ws, ['offers', 'list'])).stdout;
    expect(listed).toMatch(/Spanish complete\s+Spanish A1, Spanish A2\s+0/);
  });

  it('imports a content tree from JSON, shows it indented, and re-imports it idempotently', async () => {
    const ws = uniqueSlug('catalog');
    await ferry(ws, ['products', 'add', 'Spanish A1']);
    const json = file('tree.json', tree());
    expect((await ferry(ws, ['content', 'import', json, '--product', 'spanish a1'])).stdout)
      .toContain('Imported 5 content nodes into Spanish A1: 5 created, 0 updated, 0 unchanged.');
    expect((await ferry(ws, ['content', 'import', json, '--product', 'Spanish A1'])).stdout).toContain('0 created, 0 updated, 5 unchanged');
    expect((await ferry(ws, ['content', 'import', file('renamed.json', tree('Hellos')), '--product', 'Spanish A1'])).stdout)
      .toContain('0 created, 1 updated, 4 unchanged');

    const shown = (await ferry(ws, ['content', 'show', '--product', 'Spanish A1'])).stdout;
    expect(shown.split('\n').slice(0, 6)).toEqual([
      'Spanish A1',
      `  Spanish A1  (programme ${P})`,
      `    Hellos  (journey ${J1})`,
      `      Say hello  (activity ${A1})`,
      `      Say goodbye  (activity ${A2})`,
      `    Numbers  (journey ${J2})`,
    ]);
    // --json prints what content import takes back.
    const asJson = (await ferry(ws, ['content', 'show', '--product', 'Spanish A1', '--json'])).json();
    const withChildren = (nodes: any[]): any[] => nodes.map((n) => ({ ...n, children: withChildren(n.children ?? []) }));
    expect(asJson).toEqual(withChildren(JSON.parse(tree('Hellos'))));
    expect((await ferry(ws, ['products', '--json'])).json()[0].contentNodes).toBe(5);
  });

  it('imports a CSV tree whose children come before their parents', async () => {
    const ws = uniqueSlug('catalog');
    await ferry(ws, ['products', 'add', 'French']);
    const csv = file('tree.csv', `uuid,title,level,parent_uuid\n${A1},Bonjour,activity,${J1}\n${J1},"Greetings, part 1",journey,${P}\n${P},French A1,programme,\n`);
    expect((await ferry(ws, ['content', 'import', csv, '--product', 'French'])).stdout).toContain('3 created');
    expect((await ferry(ws, ['content', 'show', '--product', 'French'])).stdout).toContain(`    Greetings, part 1  (journey ${J1})\n      Bonjour  (activity ${A1})`);
  });

  it('refuses a wrong tree with exit 2, naming each item, and imports nothing', async () => {
    const ws = uniqueSlug('catalog');
    await ferry(ws, ['products', 'add', 'Spanish A1']);
    const misplaced = file('misplaced.json', JSON.stringify([{ uuid: P, title: 'Spanish', level: 'programme', children: [
      { uuid: J1, title: 'Greetings', level: 'journey' }, { uuid: A1, title: 'Stray', level: 'activity' }] }]));
    const refused = await ferry(ws, ['content', 'import', misplaced, '--product', 'Spanish A1'], 2);
    expect(refused.stderr).toContain(`item 1.2 (${A1}): an activity belongs in a journey, not under the programme ${P}.`);
    expect(refused.stderr).toContain('nothing was imported');

    const csv = file('broken.csv', `uuid,title,level,parent_uuid\n${P},Spanish,programme,\nlesson-1,Hello,activity,${J1}\n${J1},Greetings,journey,${P}\n${J1},Again,journey,${P}\n${A2},Bye,activity,${J2}\n`);
    const rows = await ferry(ws, ['content', 'import', csv, '--product', 'Spanish A1'], 2);
    expect(rows.stderr).toContain('row 3 (lesson-1): "lesson-1" is not a uuid');
    expect(rows.stderr).toContain(`row 5 (${J1}): the uuid appears twice (first at row 4).`);
    expect(rows.stderr).toContain(`row 6 (${A2}): its parent ${J2} is not in the file.`);

    expect((await ferry(ws, ['content', 'show', '--product', 'Spanish A1'])).stdout).toContain('Spanish A1 has no content yet');
    expect((await ferry(ws, ['content', 'import', file('ok.json', tree()), '--product', 'German'], 2)).stderr).toContain('There is no product "German"');
    expect((await ferry(ws, ['content', 'import', `${file('exists.json', '[]')}.missing`, '--product', 'Spanish A1'], 2)).stderr).toContain('There is no file at');
  });

  it('adds teams and lists them with member counts', async () => {
    const ws = uniqueSlug('catalog');
    expect((await ferry(ws, ['teams', 'add', ' Class 1A '])).stdout).toContain('Added team Class 1A.');
    await ferry(ws, ['teams', 'add', 'Staff']);
    expect((await ferry(ws, ['teams', 'add', 'CLASS 1a'], 2)).stderr).toContain('There is already a team "Class 1A".');
    expect((await ferry(ws, ['teams', '--json'])).json()).toEqual([{ name: 'Class 1A', members: 0 }, { name: 'Staff', members: 0 }]);
    expect((await ferry(ws, ['teams', 'list'])).stdout).toMatch(/Class 1A\s+0\nStaff\s+0/);
  });
});
