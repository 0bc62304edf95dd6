import { ConfigError, type SqlClient } from '@ferry/sdk';
import { catalogName, nameKey } from '../catalog/catalog-name';

export interface ProductView {
  name: string;
  /** Nodes of its content tree. */
  contentNodes: number;
  /** The offers that grant it (its own offer first among them, by name). */
  offers: string[];
}

export interface OfferView {
  name: string;
  products: string[];
  /** Contacts the offer was granted to. */
  grants: number;
}

export interface StoredProduct {
  id: number;
  name: string;
}

export interface StoredOffer {
  id: number;
  name: string;
  productIds: number[];
}

/** Products (courses) and offers (what grants them). Every method takes the workspace id. */
export class CatalogStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * Adds a product with its own offer: same name, granting only this product,
   * so a file that names a product can be granted like one that names an offer.
   * One statement: the product is never left without its offer.
   */
  async addProduct(workspaceId: string, rawName: string): Promise<StoredProduct> {
    const { name, nameKey } = catalogName('product', rawName);
    const [result] = await this.db.query<{ id: number | null; product: string | null; offer: string | null }>(
      `with existing as (select name from product where workspace_id = ? and name_key = ?),
            taken as (select name from offer where workspace_id = ? and name_key = ?),
            p as (insert into product (workspace_id, name, name_key)
                  select ?, ?, ? where not exists (select 1 from existing) and not exists (select 1 from taken)
                  returning id),
            -- runs though unreferenced: data-modifying CTEs always do
            o as (insert into offer (workspace_id, name, name_key, product_ids) select ?, ?, ?, array[p.id] from p returning id)
       select (select id from p) as id, (select name from existing) as product, (select name from taken) as offer`,
      [workspaceId, nameKey, workspaceId, nameKey, workspaceId, name, nameKey, workspaceId, name, nameKey],
    );
    if (result.product !== null) throw new ConfigError('product_exists', `There is already a product "${result.product}".`);
    if (result.offer !== null) {
      throw new ConfigError('offer_name_taken', `An offer "${result.offer}" already exists, and a product's own offer takes the product's name: choose another name.`);
    }
    return { id: result.id!, name };
  }

  async listProducts(workspaceId: string): Promise<ProductView[]> {
    return this.db.query<ProductView>(
      `select p.name,
              (select count(*) from content_node n where n.workspace_id = p.workspace_id and n.product_id = p.id)::int as "contentNodes",
              coalesce(array(select o.name from offer o where o.workspace_id = p.workspace_id and p.id = any (o.product_ids) order by o.name_key), '{}') as offers
         from product p
        where p.workspace_id = ?
        order by p.name_key`,
      [workspaceId],
    );
  }

  async findProduct(workspaceId: string, name: string): Promise<StoredProduct | undefined> {
    const [row] = await this.db.query<StoredProduct>(`select id, name from product where workspace_id = ? and name_key = ?`, [workspaceId, nameKey(name)]);
    return row;
  }

  async requireProduct(workspaceId: string, name: string): Promise<StoredProduct> {
    const product = await this.findProduct(workspaceId, name);
    if (!product) throw new ConfigError('unknown_product', `There is no product "${name.trim()}". Add it first: ferry products add "${name.trim()}"`);
    return product;
  }

  /** An offer granting the named products (matched trimmed and case-insensitively; every one must exist). */
  async addOffer(workspaceId: string, rawName: string, productNames: string[]): Promise<StoredOffer & { products: string[] }> {
    const { name, nameKey: key } = catalogName('offer', rawName);
    const wanted = [...new Map(productNames.map((p) => p.trim()).filter(Boolean).map((p) => [nameKey(p), p])).entries()];
    if (wanted.length === 0) throw new ConfigError('missing_products', `An offer grants at least one product, e.g. --products "Spanish A1; Spanish A2".`);
    const found = await this.db.query<{ id: number; name: string; name_key: string }>(
      `select id, name, name_key from product where workspace_id = ? and name_key = any (array(select json_array_elements_text(?::json)))`,
      [workspaceId, JSON.stringify(wanted.map(([k]) => k))],
    );
    const byKey = new Map(found.map((p) => [p.name_key, p]));
    const unknown = wanted.filter(([k]) => !byKey.has(k)).map(([, p]) => `"${p}"`);
    if (unknown.length) {
      throw new ConfigError('unknown_product', `There is no product ${unknown.join(', ')}. Add ${unknown.length === 1 ? 'it' : 'them'} first with ferry products add.`);
    }
    const products = wanted.map(([k]) => byKey.get(k)!);
    const productIds = products.map((p) => p.id);
    const [row] = await this.db.query<{ id: number }>(
      `insert into offer (workspace_id, name, name_key, product_ids) values (?, ?, ?, ?::int[])
       on conflict (workspace_id, name_key) do nothing returning id`,
      [workspaceId, name, key, `{${productIds.join(',')}}`],
    );
    if (!row) throw new ConfigError('offer_exists', `There is already an offer "${name}".`);
    return { id: row.id, name, productIds, products: products.map((p) => p.name) };
  }

  async listOffers(workspaceId: string): Promise<OfferView[]> {
    return this.db.query<OfferView>(
      `select o.name,
              coalesce(array(select p.name from unnest(o.product_ids) with ordinality as u(id, i)
                               join product p on p.workspace_id = o.workspace_id and p.id = u.id order by u.i), '{}') as products,
              (select count(*) from access_grant g where g.workspace_id = o.workspace_id and g.offer_id = o.id)::int as grants
         from offer o
        where o.workspace_id = ?
        order by o.name_key`,
      [workspaceId],
    );
  }

  async findOffer(workspaceId: string, name: string): Promise<StoredOffer | undefined> {
    const [row] = await this.db.query<StoredOffer>(
      `select id, name, product_ids as "productIds" from offer where workspace_id = ? and name_key = ?`,
      [workspaceId, nameKey(name)],
    );
    return row;
  }
}
