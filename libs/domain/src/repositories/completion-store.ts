import type { SqlClient } from '@ferry/sdk';
import type { ContentLevel } from '../entities/learning.entity';

/** One completion to write: contact (bigint as text), node, ISO date. */
export interface CompletionInit {
  contactId: string;
  nodeId: number;
  completedOn: string;
}

/** A completion as users read it. Visibility is computed now, never stored. */
export interface CompletionView {
  uuid: string;
  title: string;
  level: ContentLevel;
  product: string;
  completed_on: string;
  /** True when one of the contact's offers grants the node's product. */
  visible: boolean;
}

export const completionKey = (contactId: string, nodeId: number): string => `${contactId}:${nodeId}`;

/**
 * Completions, set-based: one statement per batch, the batch sent as one JSON
 * parameter. A completion keeps its earliest date. Every method takes the
 * workspace id.
 */
export class CompletionStore {
  constructor(private readonly db: SqlClient) {}

  /** Stored dates of these contact × node pairs, by {@link completionKey}. */
  async datesOf(workspaceId: string, pairs: { contactId: string; nodeId: number }[]): Promise<Map<string, string>> {
    if (pairs.length === 0) return new Map();
    const rows = await this.db.query<{ contact_id: string; node_id: number; completed_on: string }>(
      `select c.contact_id::text as contact_id, c.node_id, c.completed_on::text as completed_on
         from completion c
         join json_to_recordset(?::json) as x(c bigint, n int) on c.contact_id = x.c and c.node_id = x.n
        where c.workspace_id = ?`,
      [JSON.stringify(pairs.map((p) => ({ c: p.contactId, n: p.nodeId }))), workspaceId],
    );
    return new Map(rows.map((row) => [completionKey(row.contact_id, row.node_id), row.completed_on]));
  }

  /**
   * Inserts completions, or moves an existing one to an earlier date; a later
   * date never replaces an earlier one (in SQL too, so two runs at once still
   * keep the earliest). Repeated pairs in one call are combined, earliest first.
   */
  async upsertEarliest(workspaceId: string, runId: string | null, completions: CompletionInit[]): Promise<void> {
    if (completions.length === 0) return;
    await this.db.query(
      `insert into completion as t (contact_id, node_id, workspace_id, completed_on, run_id)
       select x.c, x.n, ?::uuid, min(x.d), ?::uuid
         from json_to_recordset(?::json) as x(c bigint, n int, d date)
        group by x.c, x.n
       on conflict (contact_id, node_id) do update set completed_on = excluded.completed_on, run_id = excluded.run_id
        where excluded.completed_on < t.completed_on and t.workspace_id = excluded.workspace_id`,
      [workspaceId, runId, JSON.stringify(completions.map((c) => ({ c: c.contactId, n: c.nodeId, d: c.completedOn })))],
    );
  }

  /** One contact's completions (by id or lower-cased email), by product then date, with whether they are visible now. */
  async listCompletions(workspaceId: string, who: { contactId?: string; emailKey?: string }): Promise<CompletionView[]> {
    if (who.contactId === undefined && who.emailKey === undefined) return [];
    return this.db.query<CompletionView>(
      `select n.uuid::text as uuid, n.title, n.level, p.name as product, c.completed_on::text as completed_on,
              exists (select 1 from access_grant g join offer o on o.id = g.offer_id and o.workspace_id = g.workspace_id
                       where g.workspace_id = c.workspace_id and g.contact_id = c.contact_id and n.product_id = any (o.product_ids)) as visible
         from completion c
         join contact k on k.id = c.contact_id and k.workspace_id = c.workspace_id
         join content_node n on n.id = c.node_id and n.workspace_id = c.workspace_id
         join product p on p.id = n.product_id and p.workspace_id = c.workspace_id
        where c.workspace_id = ?
          and (?::bigint is null or k.id = ?::bigint)
          and (?::text is null or k.email_key = ?::text)
        order by p.name_key, c.completed_on, n.id`,
      [workspaceId, who.contactId ?? null, who.contactId ?? null, who.emailKey ?? null, who.emailKey ?? null],
    );
  }
}
