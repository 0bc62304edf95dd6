import type { SqlClient } from '@ferry/sdk';
import type { EmailStatus } from '../entities/email.entity';

/** What a sink asks for when it notifies: which template, in which language (none: each contact's own, else English). */
export interface NotifySettings {
  template: string;
  language?: string;
}

/** One email a sink wants sent, about one contact (and, for access emails, one offer). */
export interface EmailRequest {
  contactId: string;
  offerId?: number;
  /** The same run created the contact (an access email then carries the set-password link). */
  newAccount?: boolean;
}

/** A claimed message with what rendering it needs (the contact as it is now). */
export interface ClaimedEmail {
  id: string;
  workspaceId: string;
  runId: string;
  template: string;
  language: string;
  recipient: string;
  token: string;
  newAccount: boolean;
  attempts: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  workspaceName: string;
  offerId: number | null;
  offerName: string | null;
}

/** A message as `ferry emails list` shows it. */
export interface EmailView {
  id: string;
  status: EmailStatus;
  recipient: string;
  template: string;
  language: string;
  attempts: number;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export type EmailCounts = Record<'queued' | 'sent' | 'failed', number>;

/** Due now: queued and its time has come, or claimed by a sender whose lease ran out (it died mid-send). */
const DUE = `((o.status = 'queued' and o.next_attempt_at <= now()) or (o.status = 'sending' and o.lease_until < now()))`;

/**
 * The outbox, set-based. Sinks enqueue inside their batch's transaction;
 * senders claim with FOR UPDATE SKIP LOCKED and a lease, so two senders never
 * hold the same message and a dead sender's messages are taken over. Every
 * method takes the workspace id (or, for senders, names the workspaces it found).
 */
export class EmailOutboxStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * Writes one message per request, addressed to the contact's email now;
   * contacts without an email are left out, and a message the run wrote
   * before (same contact, template and offer) is not written again.
   * Returns how many were written.
   */
  async enqueue(workspaceId: string, runId: string, settings: NotifySettings, requests: EmailRequest[]): Promise<number> {
    if (requests.length === 0) return 0;
    const rows = await this.db.query(
      `insert into email_outbox (workspace_id, run_id, contact_id, template, language, recipient, offer_id, new_account)
       select c.workspace_id, ?::uuid, c.id, ?, lower(coalesce(?::text, nullif(trim(c.language), ''), 'en')), c.email, x.o, coalesce(x.n, false)
         from json_to_recordset(?::json) as x(c bigint, o int, n boolean)
         join contact c on c.workspace_id = ? and c.id = x.c
        where c.email is not null
       on conflict do nothing
       returning id`,
      [runId, settings.template, settings.language ?? null, JSON.stringify(requests.map((r) => ({ c: r.contactId, o: r.offerId ?? null, n: r.newAccount ?? false }))), workspaceId],
    );
    return rows.length;
  }

  /** Workspaces with messages due now (all of them, or only the given one). */
  async dueWorkspaces(onlyWorkspaceId?: string): Promise<string[]> {
    const rows = await this.db.query<{ workspace_id: string }>(
      `select distinct o.workspace_id from email_outbox o where ${DUE} and (?::uuid is null or o.workspace_id = ?::uuid) limit 1000`,
      [onlyWorkspaceId ?? null, onlyWorkspaceId ?? null],
    );
    return rows.map((row) => row.workspace_id);
  }

  /**
   * Takes up to `limit` due messages of the workspace for `owner` until the
   * lease ends, skipping rows another sender has locked; counts the attempt.
   */
  async claim(workspaceId: string, limit: number, lease: { owner: string; ms: number }): Promise<ClaimedEmail[]> {
    if (limit <= 0) return [];
    return this.db.query<ClaimedEmail>(
      `with due as (
         select o.id from email_outbox o where o.workspace_id = ? and ${DUE} order by o.id limit ? for update skip locked
       ), claimed as (
         update email_outbox o set status = 'sending', attempts = o.attempts + 1, lease_owner = ?,
                lease_until = now() + ? * interval '1 millisecond'
           from due where o.id = due.id
         returning o.*
       )
       select m.id::text as id, m.workspace_id as "workspaceId", m.run_id as "runId", m.template, m.language, m.recipient,
              m.token::text as token, m.new_account as "newAccount", m.attempts, c.first_name as "firstName",
              c.last_name as "lastName", c.email, w.name as "workspaceName", m.offer_id as "offerId", f.name as "offerName"
         from claimed m
         join workspace w on w.id = m.workspace_id
         left join contact c on c.workspace_id = m.workspace_id and c.id = m.contact_id
         left join offer f on f.workspace_id = m.workspace_id and f.id = m.offer_id
        order by m.id`,
      [workspaceId, limit, lease.owner, lease.ms],
    );
  }

  /** The message went out. Only its holder may say so (a sender that lost its lease changes nothing). */
  async markSent(id: string, owner: string): Promise<void> {
    await this.db.query(
      `update email_outbox set status = 'sent', sent_at = now(), last_error = null, lease_owner = null, lease_until = null
        where id = ? and lease_owner = ? and status = 'sending'`,
      [id, owner],
    );
  }

  /** Try again after `delayMs` (a passing failure), or give up (`delayMs` null). */
  async markFailed(id: string, owner: string, error: string, delayMs: number | null): Promise<void> {
    await this.db.query(
      `update email_outbox set status = case when ?::int is null then 'failed' else 'queued' end,
              next_attempt_at = now() + coalesce(?::int, 0) * interval '1 millisecond',
              last_error = ?, lease_owner = null, lease_until = null
        where id = ? and lease_owner = ? and status = 'sending'`,
      [delayMs, delayMs, error.slice(0, 2000), id, owner],
    );
  }

  /** Hands a claimed message back unsent (its sender is stopping), without counting the attempt. */
  async release(id: string, owner: string): Promise<void> {
    await this.db.query(
      `update email_outbox set status = 'queued', attempts = greatest(attempts - 1, 0), lease_owner = null, lease_until = null
        where id = ? and lease_owner = ? and status = 'sending'`,
      [id, owner],
    );
  }

  /** The run's messages by status (`sending` counts as queued: not out yet). */
  async countsForRun(workspaceId: string, runId: string): Promise<EmailCounts> {
    const rows = await this.db.query<{ status: EmailStatus; n: number }>(
      `select status, count(*)::int as n from email_outbox where workspace_id = ? and run_id = ? group by status`,
      [workspaceId, runId],
    );
    const counts: EmailCounts = { queued: 0, sent: 0, failed: 0 };
    for (const row of rows) counts[row.status === 'sending' ? 'queued' : row.status] += row.n;
    return counts;
  }

  /** The workspace's messages not sent yet, and when the next one is due (null: none waits). */
  async pending(workspaceId: string): Promise<{ count: number; nextAt: Date | null }> {
    const [row] = await this.db.query<{ count: number; next_at: Date | null }>(
      `select count(*)::int as count, min(case when status = 'queued' then next_attempt_at else lease_until end) as next_at
         from email_outbox where workspace_id = ? and status in ('queued', 'sending')`,
      [workspaceId],
    );
    return { count: row.count, nextAt: row.next_at ? new Date(row.next_at) : null };
  }

  /** A run's messages in the order they were written, a page at a time. */
  async listForRun(workspaceId: string, runId: string, afterId = '0', limit = 500): Promise<EmailView[]> {
    const rows = await this.db.query<EmailView>(
      `select id::text as id, status, recipient, template, language, attempts, last_error as error, created_at as "createdAt", sent_at as "sentAt"
         from email_outbox o where o.workspace_id = ? and o.run_id = ? and o.id > ? order by o.id limit ?`,
      [workspaceId, runId, afterId, limit],
    );
    // The driver may hand timestamps over as text.
    return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt), sentAt: row.sentAt ? new Date(row.sentAt) : null }));
  }
}
