import type { SqlClient } from '@ferry/sdk';

/** An offer as a sink grants it. */
export interface OfferRef {
  id: number;
  name: string;
}

/** A product found by name, with its own offer (the one the catalog creates with it) when there is one. */
export interface ProductRef {
  id: number;
  name: string;
  nameKey: string;
  /** The offer named as the product that grants exactly this product; null when missing. */
  offerId: number | null;
  /** True when some other offer already has the product's name, so its own offer cannot be created. */
  nameTaken: boolean;
}

/**
 * Offers and products by name (matched on `name_key`, the trimmed lower-cased
 * name), one statement per lookup. Keys passed in must already be name keys.
 */
export class OfferLookup {
  constructor(private readonly db: SqlClient) {}

  async offersByKey(workspaceId: string, nameKeys: string[]): Promise<Map<string, OfferRef>> {
    if (nameKeys.length === 0) return new Map();
    const rows = await this.db.query<{ id: number; name: string; name_key: string }>(
      `select id, name, name_key from offer
        where workspace_id = ? and name_key = any (array(select json_array_elements_text(?::json)))`,
      [workspaceId, JSON.stringify(nameKeys)],
    );
    return new Map(rows.map((row) => [row.name_key, { id: row.id, name: row.name }]));
  }

  async productsByKey(workspaceId: string, nameKeys: string[]): Promise<Map<string, ProductRef>> {
    if (nameKeys.length === 0) return new Map();
    const rows = await this.db.query<{ id: number; name: string; name_key: string; offer_id: number | null; name_taken: boolean }>(
      `select p.id, p.name, p.name_key,
              (select o.id from offer o
                where o.workspace_id = p.workspace_id and o.name_key = p.name_key and o.product_ids = array[p.id]) as offer_id,
              exists (select 1 from offer o where o.workspace_id = p.workspace_id and o.name_key = p.name_key) as name_taken
         from product p
        where p.workspace_id = ? and p.name_key = any (array(select json_array_elements_text(?::json)))`,
      [workspaceId, JSON.stringify(nameKeys)],
    );
    return new Map(
      rows.map((row) => [row.name_key, { id: row.id, name: row.name, nameKey: row.name_key, offerId: row.offer_id, nameTaken: row.name_taken }]),
    );
  }

  /**
   * Creates the missing own offers of these products (named as the product,
   * granting only it), in one statement; returns offer ids by product id.
   * A product whose name another offer took meanwhile is left out.
   */
  async createProductOffers(workspaceId: string, products: ProductRef[]): Promise<Map<number, number>> {
    if (products.length === 0) return new Map();
    const rows = await this.db.query<{ id: number; product_id: number }>(
      `insert into offer (workspace_id, name, name_key, product_ids)
       select ?, x.name, x.name_key, array[x.product_id] from json_to_recordset(?::json) as x(product_id int, name text, name_key text)
       on conflict (workspace_id, name_key) do nothing
       returning id, product_ids[1] as product_id`,
      [workspaceId, JSON.stringify(products.map((p) => ({ product_id: p.id, name: p.name, name_key: p.nameKey })))],
    );
    return new Map(rows.map((row) => [row.product_id, row.id]));
  }

  /** Up to `limit` offer names, for messages that list what exists. */
  async offerNames(workspaceId: string, limit = 10): Promise<string[]> {
    const rows = await this.db.query<{ name: string }>(`select name from offer where workspace_id = ? order by name_key limit ?`, [workspaceId, limit]);
    return rows.map((row) => row.name);
  }
}
