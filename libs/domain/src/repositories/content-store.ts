import { ConfigError, type SqlClient } from '@ferry/sdk';
import { isUuid, type ContentNodeDraft } from '../catalog/content-tree';
import { CONTENT_LEVELS, type ContentLevel } from '../entities';

/** A node of a product's tree, as shown and as a JSON description takes it back. */
export interface ContentTreeNode {
  uuid: string;
  title: string;
  level: ContentLevel;
  children: ContentTreeNode[];
}

export interface ContentImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** A product's content tree (programme → journey → activity). Every method takes the workspace id. */
export class ContentStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * Adds or updates the described nodes, matched by uuid (a changed title,
   * place or position is updated), so importing the same tree again changes
   * nothing. Nodes of the product that the file leaves out stay: completions
   * may point at them. Run it in one transaction (the writes are per level).
   */
  async importTree(workspaceId: string, product: { id: number; name: string }, nodes: ContentNodeDraft[]): Promise<ContentImportCounts> {
    await this.refuseOtherProducts(workspaceId, product, nodes);
    let created = 0;
    let updated = 0;
    // Parents first: each level's parents then exist and are found by uuid.
    for (const level of CONTENT_LEVELS) {
      const batch = nodes.filter((n) => n.level === level).map(({ uuid, parentUuid, title, position }) => ({ uuid, parent_uuid: parentUuid, title, position }));
      if (batch.length === 0) continue;
      const written = await this.db.query<{ created: boolean }>(
        `insert into content_node as n (workspace_id, product_id, parent_id, uuid, level, title, position)
         select ?, ?, p.id, x.uuid::uuid, ?, x.title, x.position
           from json_to_recordset(?::json) as x(uuid text, parent_uuid text, title text, position int)
           left join content_node p on p.workspace_id = ? and p.uuid = x.parent_uuid::uuid
         on conflict (workspace_id, uuid) do update
            set parent_id = excluded.parent_id, level = excluded.level, title = excluded.title, position = excluded.position
          where (n.parent_id, n.level, n.title, n.position) is distinct from (excluded.parent_id, excluded.level, excluded.title, excluded.position)
         returning (xmax = 0) as created`,
        [workspaceId, product.id, level, JSON.stringify(batch), workspaceId],
      );
      for (const row of written) row.created ? created++ : updated++;
    }
    return { created, updated, unchanged: nodes.length - created - updated };
  }

  /** A uuid names one node in the whole workspace: one already in another product is refused. */
  private async refuseOtherProducts(workspaceId: string, product: { id: number }, nodes: ContentNodeDraft[]): Promise<void> {
    const clashes = await this.db.query<{ uuid: string; product: string }>(
      `select n.uuid, p.name as product from content_node n join product p on p.id = n.product_id
        where n.workspace_id = ? and n.product_id <> ? and n.uuid = any (array(select json_array_elements_text(?::json))::uuid[])`,
      [workspaceId, product.id, JSON.stringify(nodes.map((n) => n.uuid))],
    );
    if (clashes.length === 0) return;
    const where = new Map(nodes.map((n) => [n.uuid, n.where]));
    const lines = clashes.map((c) => `  ${where.get(c.uuid)} (${c.uuid}): already in the product "${c.product}".`);
    throw new ConfigError('content_in_other_product', `The content tree has ${clashes.length} problem${clashes.length === 1 ? '' : 's'}; nothing was imported:\n${lines.join('\n')}`);
  }

  /** The product's tree, siblings in order. */
  async tree(workspaceId: string, productId: number): Promise<ContentTreeNode[]> {
    const rows = await this.db.query<{ id: number; parent_id: number | null; uuid: string; title: string; level: ContentLevel }>(
      `select id, parent_id, uuid, title, level from content_node where workspace_id = ? and product_id = ? order by position, id`,
      [workspaceId, productId],
    );
    const children = new Map<number | null, ContentTreeNode[]>();
    const nodes = new Map(rows.map((r) => [r.id, { uuid: r.uuid, title: r.title, level: r.level, children: [] as ContentTreeNode[] }]));
    for (const row of rows) {
      const siblings = children.get(row.parent_id) ?? [];
      siblings.push(nodes.get(row.id)!);
      children.set(row.parent_id, siblings);
    }
    for (const [id, node] of nodes) node.children = children.get(id) ?? [];
    return children.get(null) ?? [];
  }

  /** A node by uuid, with its product (for moves that name content). */
  async findNode(workspaceId: string, uuid: string): Promise<{ id: number; uuid: string; title: string; level: ContentLevel; product: string } | undefined> {
    if (!isUuid(uuid.trim())) return undefined;
    const [row] = await this.db.query<{ id: number; uuid: string; title: string; level: ContentLevel; product: string }>(
      `select n.id, n.uuid, n.title, n.level, p.name as product from content_node n join product p on p.id = n.product_id
        where n.workspace_id = ? and n.uuid = ?::uuid`,
      [workspaceId, uuid.trim()],
    );
    return row;
  }
}
