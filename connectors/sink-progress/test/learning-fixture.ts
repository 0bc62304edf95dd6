import type { Database } from '@ferry/domain';
import { randomUUID } from 'node:crypto';

/** Catalog rows for tests, written with plain SQL (the catalog's own store is tested elsewhere). */

export interface Node {
  id: number;
  uuid: string;
}

export async function addProduct(db: Database, workspaceId: string, name: string): Promise<number> {
  const [row] = await db.sql.query<{ id: number }>(`insert into product (workspace_id, name, name_key) values (?, ?, lower(trim(?))) returning id`, [
    workspaceId, name, name,
  ]);
  return row.id;
}

export async function addNode(db: Database, workspaceId: string, productId: number, level: string, title: string, parent?: Node): Promise<Node> {
  const uuid = randomUUID();
  const [row] = await db.sql.query<{ id: number }>(
    `insert into content_node (workspace_id, product_id, parent_id, uuid, level, title) values (?, ?, ?, ?, ?, ?) returning id`,
    [workspaceId, productId, parent?.id ?? null, uuid, level, title],
  );
  return { id: row.id, uuid };
}

/** A product "name" with a programme of two journeys of two activities each. */
export async function addCourse(db: Database, workspaceId: string, name = 'Piano') {
  const productId = await addProduct(db, workspaceId, name);
  const programme = await addNode(db, workspaceId, productId, 'programme', `${name} programme`);
  const journeys = [await addNode(db, workspaceId, productId, 'journey', 'Journey 1', programme), await addNode(db, workspaceId, productId, 'journey', 'Journey 2', programme)];
  const activities = [
    await addNode(db, workspaceId, productId, 'activity', 'Activity 1.1', journeys[0]),
    await addNode(db, workspaceId, productId, 'activity', 'Activity 1.2', journeys[0]),
    await addNode(db, workspaceId, productId, 'activity', 'Activity 2.1', journeys[1]),
    await addNode(db, workspaceId, productId, 'activity', 'Activity 2.2', journeys[1]),
  ];
  return { productId, programme, journeys, activities };
}

export async function addContact(db: Database, workspaceId: string, email: string): Promise<string> {
  const [row] = await db.sql.query<{ id: string }>(`insert into contact (workspace_id, email, email_key) values (?, ?, lower(?)) returning id::text as id`, [
    workspaceId, email, email,
  ]);
  return row.id;
}

/** An offer of these products, granted to the contact. */
export async function grantProducts(db: Database, workspaceId: string, contactId: string, productIds: number[]): Promise<void> {
  const name = `Offer ${randomUUID().slice(0, 8)}`;
  const [offer] = await db.sql.query<{ id: number }>(
    `insert into offer (workspace_id, name, name_key, product_ids) values (?, ?, lower(?), ?::int[]) returning id`,
    [workspaceId, name, name, `{${productIds.join(',')}}`],
  );
  await db.sql.query(`insert into access_grant (contact_id, offer_id, workspace_id) values (?::bigint, ?, ?)`, [contactId, offer.id, workspaceId]);
}
