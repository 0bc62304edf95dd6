import type { SqlClient } from '@ferry/sdk';

/** A workspace's sending allowance as stored, with the database's clock (every sender shares it). */
export interface RateBucket {
  /** The workspace's own rate; null means the installation's default. */
  perMinute: number | null;
  tokens: number;
  refilledAt: Date;
  now: Date;
}

/**
 * The per-workspace token buckets senders draw from. Call `lock` and `save`
 * inside one transaction: the row lock makes senders on other processes skip
 * the workspace meanwhile, so together they never exceed its rate.
 */
export class EmailRateStore {
  constructor(private readonly db: SqlClient) {}

  /** The bucket, locked for this transaction; undefined when another sender holds it right now. */
  async lock(workspaceId: string, initialTokens: number): Promise<RateBucket | undefined> {
    await this.db.query(`insert into email_rate (workspace_id, tokens, refilled_at) values (?, ?, now()) on conflict do nothing`, [workspaceId, initialTokens]);
    const [row] = await this.db.query<{ perMinute: number | null; tokens: number; refilledAt: string | Date; now: string | Date }>(
      `select per_minute as "perMinute", tokens, refilled_at as "refilledAt", now() as now from email_rate where workspace_id = ? for update skip locked`,
      [workspaceId],
    );
    // The driver may hand timestamps over as text.
    return row && { perMinute: row.perMinute, tokens: Number(row.tokens), refilledAt: new Date(row.refilledAt), now: new Date(row.now) };
  }

  async save(workspaceId: string, tokens: number, refilledAt: Date): Promise<void> {
    await this.db.query(`update email_rate set tokens = ?, refilled_at = ? where workspace_id = ?`, [tokens, refilledAt.toISOString(), workspaceId]);
  }

  /** Sets the workspace's own rate (null: back to the default). */
  async setRate(workspaceId: string, perMinute: number | null, initialTokens: number): Promise<void> {
    await this.db.query(
      `insert into email_rate (workspace_id, per_minute, tokens, refilled_at) values (?, ?, ?, now())
       on conflict (workspace_id) do update set per_minute = excluded.per_minute, tokens = least(email_rate.tokens, excluded.tokens)`,
      [workspaceId, perMinute, initialTokens],
    );
  }

  async rate(workspaceId: string): Promise<number | null> {
    const [row] = await this.db.query<{ per_minute: number | null }>(`select per_minute from email_rate where workspace_id = ?`, [workspaceId]);
    return row?.per_minute ?? null;
  }
}
