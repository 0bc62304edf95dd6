import type { Database } from '@ferry/domain';

/** Products and offers for tests, written with plain SQL (the catalog's own store is tested elsewhere). */

export async function addProduct(db: Database, workspaceId: string, name: string): Promise<number> {
  const [row] = await db.sql.query<{ id: number }>(`insert into product (workspace_id, name, name_key) values (?, ?, lower(trim(?))) returning id`, [
    workspaceId, name, name,
  ]);
  return row.id;
}

export async function addOffer(db: Database, workspaceId: string, name: string, productIds: number[]): Promise<number> {
  const [row] = await db.sql.query<{ id: number }>(
    `insert into offer (workspace_id, name, name_key, product_ids) values (?, ?, lower(trim(?)), ?::int[]) returning id`,
    [workspaceId, name, name, `{${productIds.join(',')}}`],
  );
  return row.id;
}

/** Who has which offer, as "email → offer name" lines in a stable order. */
export async function grantsOf(db: Database, workspaceId: string): Promise<string[]> {
  const rows = await db.sql.query<{ email: string; offer: string }>(
    `select c.email, o.name as offer
       from access_grant g join contact c on c.id = g.contact_id join offer o on o.id = g.offer_id
      where g.workspace_id = ? order by c.email_key, o.name_key`,
    [workspaceId],
  );
  return rows.map((row) => `${row.email} → ${row.offer}`);
}
