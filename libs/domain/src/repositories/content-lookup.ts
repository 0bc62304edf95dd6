import type { SqlClient } from '@ferry/sdk';
import type { ContentLevel } from '../entities/learning.entity';

/** A content node as sinks use it: where it sits and everything below it. */
export interface ContentNodeRef {
  id: number;
  uuid: string;
  level: ContentLevel;
  title: string;
  productId: number;
  productName: string;
  /** Every node below this one (a journey's activities; a programme's journeys and their activities). */
  descendantIds: number[];
}

/** Content nodes by uuid, read-only. */
export class ContentLookup {
  constructor(private readonly db: SqlClient) {}

  /**
   * The nodes with these uuids (lower-case, valid uuid syntax), each with its
   * descendants: one statement with one recursive expansion for all of them.
   */
  async byUuids(workspaceId: string, uuids: string[]): Promise<Map<string, ContentNodeRef>> {
    if (uuids.length === 0) return new Map();
    const rows = await this.db.query<{
      id: number; uuid: string; level: ContentLevel; title: string; product_id: number; product_name: string; descendant_ids: number[];
    }>(
      `with recursive found as (
         select n.id, n.uuid::text as uuid, n.level, n.title, n.product_id, p.name as product_name
           from content_node n
           join product p on p.id = n.product_id and p.workspace_id = n.workspace_id
          where n.workspace_id = ? and n.uuid = any (array(select json_array_elements_text(?::json))::uuid[])
       ),
       -- union (not union all) so a corrupt tree with a loop still ends
       tree(root, id) as (
         select f.id, c.id from found f join content_node c on c.parent_id = f.id and c.workspace_id = ?
         union
         select t.root, c.id from tree t join content_node c on c.parent_id = t.id and c.workspace_id = ?
       )
       select f.id, f.uuid, f.level, f.title, f.product_id, f.product_name,
              coalesce(array_agg(t.id order by t.id) filter (where t.id is not null), '{}') as descendant_ids
         from found f left join tree t on t.root = f.id
        group by f.id, f.uuid, f.level, f.title, f.product_id, f.product_name`,
      [workspaceId, JSON.stringify(uuids), workspaceId, workspaceId],
    );
    return new Map(
      rows.map((row) => [
        row.uuid,
        { id: row.id, uuid: row.uuid, level: row.level, title: row.title, productId: row.product_id, productName: row.product_name, descendantIds: row.descendant_ids },
      ]),
    );
  }
}
