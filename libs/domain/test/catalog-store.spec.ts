import { ConfigError } from '@ferry/sdk';
import { newWorkspace, openTestDatabase } from '../../../test/support/test-database';
import { CatalogStore, TeamStore, type Database } from '../src';

let db: Database;
beforeAll(async () => (db = await openTestDatabase()));
afterAll(() => db.close());

const catalog = () => new CatalogStore(db.sql);

describe('catalog store: products and offers', () => {
  it('adds a product with its own offer, granting only it', async () => {
    const ws = await newWorkspace(db);
    const spanish = await catalog().addProduct(ws.id, '  Spanish A1 ');
    expect(spanish.name).toBe('Spanish A1');
    expect(await catalog().findOffer(ws.id, 'spanish a1')).toMatchObject({ name: 'Spanish A1', productIds: [spanish.id] });
    expect(await catalog().listProducts(ws.id)).toEqual([{ name: 'Spanish A1', contentNodes: 0, offers: ['Spanish A1'] }]);
  });

  it('refuses a name taken by a product (trimmed, any case) or by an offer, writing nothing', async () => {
    const ws = await newWorkspace(db);
    await catalog().addProduct(ws.id, 'French');
    await catalog().addProduct(ws.id, 'German');
    await expect(catalog().addProduct(ws.id, ' FRENCH ')).rejects.toThrow(new ConfigError('product_exists', 'There is already a product "French".'));
    await catalog().addOffer(ws.id, 'Bundle', ['French', 'German']);
    await expect(catalog().addProduct(ws.id, 'bundle')).rejects.toMatchObject({ code: 'offer_name_taken' });
    await expect(catalog().addProduct(ws.id, '   ')).rejects.toMatchObject({ code: 'invalid_name' });
    expect((await catalog().listProducts(ws.id)).map((p) => p.name)).toEqual(['French', 'German']);
  });

  it('adds offers over several products and lists them with product names and grant counts', async () => {
    const ws = await newWorkspace(db);
    await catalog().addProduct(ws.id, 'Spanish A1');
    await catalog().addProduct(ws.id, 'Spanish A2');
    const bundle = await catalog().addOffer(ws.id, 'Spanish complete', [' spanish a2', 'Spanish A1', 'SPANISH A2']);
    expect(bundle.productIds).toHaveLength(2);
    await db.sql.query(`insert into access_grant (workspace_id, contact_id, offer_id) values (?, 1, ?), (?, 2, ?)`, [ws.id, bundle.id, ws.id, bundle.id]);
    expect(await catalog().listOffers(ws.id)).toEqual([
      { name: 'Spanish A1', products: ['Spanish A1'], grants: 0 },
      { name: 'Spanish A2', products: ['Spanish A2'], grants: 0 },
      { name: 'Spanish complete', products: ['Spanish A2', 'Spanish A1'], grants: 2 },
    ]);
    expect((await catalog().listProducts(ws.id))[0].offers).toEqual(['Spanish A1', 'Spanish complete']);
  });

  it('names every unknown product of an offer and creates nothing', async () => {
    const ws = await newWorkspace(db);
    await catalog().addProduct(ws.id, 'Spanish A1');
    await expect(catalog().addOffer(ws.id, 'Bundle', ['Spanish A1', 'Klingon', 'Elvish'])).rejects.toThrow('There is no product "Klingon", "Elvish".');
    await expect(catalog().addOffer(ws.id, 'Bundle', [' ', ''])).rejects.toMatchObject({ code: 'missing_products' });
    await expect(catalog().addOffer(ws.id, 'spanish a1', ['Spanish A1'])).rejects.toMatchObject({ code: 'offer_exists' });
    expect((await catalog().listOffers(ws.id)).map((o) => o.name)).toEqual(['Spanish A1']);
  });

  it('keeps workspaces apart', async () => {
    const one = await newWorkspace(db);
    const two = await newWorkspace(db);
    await catalog().addProduct(one.id, 'Spanish');
    await catalog().addProduct(two.id, 'Spanish');
    await new TeamStore(db.sql).add(one.id, 'Class 1');
    expect(await catalog().listOffers(two.id)).toHaveLength(1);
    expect(await catalog().findProduct(two.id, 'spanish')).not.toEqual(await catalog().findProduct(one.id, 'spanish'));
    expect(await new TeamStore(db.sql).list(two.id)).toEqual([]);
  });
});

describe('team store', () => {
  it('adds teams once (trimmed, any case) and lists them with member counts', async () => {
    const ws = await newWorkspace(db);
    const teams = new TeamStore(db.sql);
    const a = await teams.add(ws.id, ' Class 1A ');
    await teams.add(ws.id, 'Staff');
    await expect(teams.add(ws.id, 'class 1a')).rejects.toThrow('There is already a team "Class 1A".');
    await db.sql.query(`insert into team_member (workspace_id, team_id, contact_id) values (?, ?, 1), (?, ?, 2)`, [ws.id, a.id, ws.id, a.id]);
    expect(await teams.list(ws.id)).toEqual([{ name: 'Class 1A', members: 2 }, { name: 'Staff', members: 0 }]);
  });
});
