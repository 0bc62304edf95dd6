import type { SqlClient } from '@ferry/sdk';

/** A contact's access to an offer. Contact ids are bigints, kept as text. */
export interface GrantKey {
  contactId: string;
  offerId: number;
}

/** A contact found by email, with the products their grants give access to. */
export interface Learner {
  contactId: string;
  productIds: number[];
}

export const grantKey = (contactId: string, offerId: number): string => `${contactId}:${offerId}`;

/**
 * Access grants, set-based: one statement per batch, the batch sent as one
 * JSON parameter. Every method takes the workspace id.
 */
export class AccessGrantStore {
  constructor(private readonly db: SqlClient) {}

  /** Which of these grants exist, as {@link grantKey}s. */
  async existing(workspaceId: string, grants: GrantKey[]): Promise<Set<string>> {
    if (grants.length === 0) return new Set();
    const rows = await this.db.query<{ contact_id: string; offer_id: number }>(
      `select g.contact_id::text as contact_id, g.offer_id
         from access_grant g
         join json_to_recordset(?::json) as x(c bigint, o int) on g.contact_id = x.c and g.offer_id = x.o
        where g.workspace_id = ?`,
      [JSON.stringify(grants.map((g) => ({ c: g.contactId, o: g.offerId }))), workspaceId],
    );
    return new Set(rows.map((row) => grantKey(row.contact_id, row.offer_id)));
  }

  /**
   * Grants access; a grant that exists keeps its date and run. Returns the
   * grants this statement made (not those another run made first), so only
   * they send access emails.
   */
  async grant(workspaceId: string, runId: string | null, grants: GrantKey[]): Promise<GrantKey[]> {
    if (grants.length === 0) return [];
    return this.db.query<GrantKey>(
      `insert into access_grant (contact_id, offer_id, workspace_id, run_id)
       select distinct x.c, x.o, ?::uuid, ?::uuid from json_to_recordset(?::json) as x(c bigint, o int)
       on conflict (contact_id, offer_id) do nothing
       returning contact_id::text as "contactId", offer_id as "offerId"`,
      [workspaceId, runId, JSON.stringify(grants.map((g) => ({ c: g.contactId, o: g.offerId })))],
    );
  }

  /**
   * Contacts by lower-cased email, each with the products they may see
   * (through any offer granted to them), in one statement.
   */
  async learnersByEmailKey(workspaceId: string, emailKeys: string[]): Promise<Map<string, Learner>> {
    if (emailKeys.length === 0) return new Map();
    const rows = await this.db.query<{ id: string; email_key: string; product_ids: number[] }>(
      `select c.id::text as id, c.email_key,
              array(select distinct p
                      from access_grant g
                      join offer o on o.id = g.offer_id and o.workspace_id = g.workspace_id
                      cross join unnest(o.product_ids) as p
                     where g.workspace_id = c.workspace_id and g.contact_id = c.id) as product_ids
         from json_array_elements_text(?::json) as k(key)
        -- one index lookup per email, whatever the statistics say (see ContactStore.findByKeys)
        cross join lateral (select * from contact c where c.workspace_id = ? and c.email_key = k.key limit 1) c`,
      [JSON.stringify([...new Set(emailKeys)]), workspaceId],
    );
    return new Map(rows.map((row) => [row.email_key, { contactId: row.id, productIds: row.product_ids }]));
  }
}
