import { CatalogStore, ContentStore, parseContentTree, type Database } from '../src';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

const P = '11111111-1111-4111-8111-111111111111';
const J1 = '22222222-2222-4222-8222-222222222221';
const J2 = '22222222-2222-4222-8222-222222222222';
const A1 = '33333333-3333-4333-8333-333333333331';
const A2 = '33333333-3333-4333-8333-333333333332';

const tree = (title = 'Greetings') => parseContentTree(JSON.stringify([{ uuid: P, title: 'Spanish A1', level: 'programme', children: [
  { uuid: J1, title, level: 'journey', children: [{ uuid: A1, title: 'Say hello', level: 'activity' }, { uuid: A2, title: 'Say goodbye', level: 'activity' }] },
  { uuid: J2, title: 'Numbers', level: 'journey' },
] }]), 'json');

async function productIn(workspaceId: string, name = 'Spanish A1') {
  return new CatalogStore(db.sql).addProduct(workspaceId, name);
}
const importTree = (workspaceId: string, product: { id: number; name: string }, nodes = tree()) =>
  db.transaction((sql) => new ContentStore(sql).importTree(workspaceId, product, nodes));

describe('content store', () => {
  it('stores a tree and gives it back nested, in file order', async () => {
    const ws = await newWorkspace(db);
    const product = await productIn(ws.id);
    expect(await importTree(ws.id, product)).toEqual({ created: 5, updated: 0, unchanged: 0 });
    const shown = await new ContentStore(db.sql).tree(ws.id, product.id);
    expect(shown).toEqual([{ uuid: P, title: 'Spanish A1', level: 'programme', children: [
      { uuid: J1, title: 'Greetings', level: 'journey', children: [
        { uuid: A1, title: 'Say hello', level: 'activity', children: [] },
        { uuid: A2, title: 'Say goodbye', level: 'activity', children: [] }] },
      { uuid: J2, title: 'Numbers', level: 'journey', children: [] },
    ] }]);
    expect((await new CatalogStore(db.sql).listProducts(ws.id))[0].contentNodes).toBe(5);
  });

  it('is idempotent, and updates a changed title or order', async () => {
    const ws = await newWorkspace(db);
    const product = await productIn(ws.id);
    await importTree(ws.id, product);
    expect(await importTree(ws.id, product)).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(await importTree(ws.id, product, tree('Hellos'))).toEqual({ created: 0, updated: 1, unchanged: 4 });
    const [programme] = await new ContentStore(db.sql).tree(ws.id, product.id);
    expect(programme.children.map((j) => j.title)).toEqual(['Hellos', 'Numbers']);

    const swapped = tree('Hellos').map((n) => (n.uuid === A1 ? { ...n, position: 1 } : n.uuid === A2 ? { ...n, position: 0 } : n));
    expect(await importTree(ws.id, product, swapped)).toEqual({ created: 0, updated: 2, unchanged: 3 });
    const [again] = await new ContentStore(db.sql).tree(ws.id, product.id);
    expect(again.children[0].children.map((a) => a.uuid)).toEqual([A2, A1]);
  });

  it('refuses uuids that belong to another product and writes nothing', async () => {
    const ws = await newWorkspace(db);
    const spanish = await productIn(ws.id);
    const french = await productIn(ws.id, 'French');
    await importTree(ws.id, spanish, tree().filter((n) => n.uuid === P || n.uuid === J2));
    await expect(importTree(ws.id, french)).rejects.toThrow(`item 1.2 (${J2}): already in the product "Spanish A1".`);
    expect(await new ContentStore(db.sql).tree(ws.id, french.id)).toEqual([]);
  });

  it('finds a node by uuid within the workspace only', async () => {
    const ws = await newWorkspace(db);
    const other = await newWorkspace(db);
    await importTree(ws.id, await productIn(ws.id));
    expect(await new ContentStore(db.sql).findNode(ws.id, A1.toUpperCase())).toMatchObject({ uuid: A1, title: 'Say hello', level: 'activity', product: 'Spanish A1' });
    expect(await new ContentStore(db.sql).findNode(other.id, A1)).toBeUndefined();
    expect(await new ContentStore(db.sql).findNode(ws.id, 'nope')).toBeUndefined();
  });
});
