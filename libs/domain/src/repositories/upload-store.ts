import type { SqlClient } from '@ferry/sdk';

export interface UploadRecord {
  id: string;
  label: string;
  kind: 'file' | 'paste';
  storedName: string;
  sha256: string;
  size: number;
  createdAt: string;
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
  };
}
