import type { SqlClient } from '@ferry/sdk';
import { retryDue } from './run-store';

export interface UploadRecord {
  id: string;
  label: string;
  kind: 'file' | 'paste';
  storedName: string;
  sha256: string;
  size: number;
  createdAt: string;
  /** When its file was deleted for its age (see FERRY_UPLOAD_RETENTION_DAYS). */
  removedAt?: string;
}

/** Uploaded files and pasted tables: where they are stored and what they were called. */
export class UploadStore {
  constructor(private readonly db: SqlClient) {}

  async create(workspaceId: string, upload: Omit<UploadRecord, 'id' | 'createdAt'> & { id: string }): Promise<UploadRecord> {
    const [row] = await this.db.query<Record<string, unknown>>(
      `insert into upload (id, workspace_id, label, kind, stored_name, sha256, size, created_at) values (?, ?, ?, ?, ?, ?, ?, now()) returning *`,
      [upload.id, workspaceId, upload.label, upload.kind, upload.storedName, upload.sha256, upload.size],
    );
    return toRecord(row);
  }

  async get(workspaceId: string, id: string): Promise<UploadRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.db.query<Record<string, unknown>>(`select * from upload where workspace_id = ? and id = ?`, [workspaceId, id]);
    return row ? toRecord(row) : undefined;
  }
}

/** A run that will still read its file: waiting, going, or failed for a passing reason and due a retry. */
const STILL_READING = `(r.status in ('queued', 'awaiting_approval', 'running') or ${retryDue('r')})`;

/**
 * Marks uploads made before `cutoff` as removed, a few at a time, and
 * returns where their files are, for the caller to delete. Uploads an import
 * still reads (see STILL_READING) are kept. A maintenance sweep over every
 * workspace: what it returns never reaches an endpoint.
 */
export async function markExpiredUploads(db: SqlClient, cutoff: Date, limit: number): Promise<{ workspaceId: string; storedName: string }[]> {
  const rows = await db.query<{ workspace_id: string; stored_name: string }>(
    `update upload set removed_at = now()
      where id in (
        select u.id from upload u
         where u.removed_at is null and u.created_at < ?
           and not exists (
             select 1 from import_draft d join import_run r on r.workspace_id = d.workspace_id and r.id in (d.run_id, d.validation_run_id)
              where d.workspace_id = u.workspace_id and d.upload_id = u.id and ${STILL_READING})
         order by u.created_at limit ?)
      returning workspace_id, stored_name`,
    [cutoff, limit],
  );
  return rows.map((row) => ({ workspaceId: row.workspace_id, storedName: row.stored_name }));
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(row: Record<string, unknown>): UploadRecord {
  return {
    id: row.id as string,
    label: row.label as string,
    kind: row.kind as UploadRecord['kind'],
    storedName: row.stored_name as string,
    sha256: row.sha256 as string,
    size: Number(row.size),
    createdAt: new Date(row.created_at as string).toISOString(),
    ...(row.removed_at ? { removedAt: new Date(row.removed_at as string).toISOString() } : {}),
  };
}
