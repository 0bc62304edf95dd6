import type { SqlClient } from '@ferry/sdk';
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRole } from '../entities/admin-api.entity';

export const API_KEY_ROLES: readonly ApiKeyRole[] = ['admin', 'viewer'];

export interface ApiPrincipal {
  workspaceId: string;
  role: ApiKeyRole;
  keyId: string;
}

export interface ApiKeyInfo {
  id: string;
  prefix: string;
  role: ApiKeyRole;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

/** API keys: made here, shown once, stored as their SHA-256, looked up by it. */
export class ApiKeyStore {
  constructor(private readonly db: SqlClient) {}

  /** Returns the key itself: the only time anyone sees it. */
  async create(workspaceId: string, role: ApiKeyRole, label?: string): Promise<{ id: string; key: string; prefix: string }> {
    // 32 random bytes: unguessable, and a plain SHA-256 of it needs no salt or slow hash.
    const key = `ferry_${randomBytes(32).toString('base64url')}`;
    const prefix = key.slice(0, 12);
    const [row] = await this.db.query<{ id: string }>(
      `insert into api_key (id, workspace_id, hash, prefix, role, label, created_at) values (gen_random_uuid(), ?, ?, ?, ?, ?, now()) returning id`,
      [workspaceId, hashOf(key), prefix, role, label ?? null],
    );
    return { id: row.id, key, prefix };
  }

  /** The workspace and role of a live key; undefined for an unknown or revoked one. */
  async authenticate(key: string): Promise<ApiPrincipal | undefined> {
    if (!key || key.length > 200) return undefined;
    const [row] = await this.db.query<{ id: string; workspace_id: string; role: ApiKeyRole }>(
      `select id, workspace_id, role from api_key where hash = ? and revoked_at is null`,
      [hashOf(key)],
    );
    return row ? { workspaceId: row.workspace_id, role: row.role, keyId: row.id } : undefined;
  }

  async list(workspaceId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.db.query<{ id: string; prefix: string; role: ApiKeyRole; label: string | null; created_at: Date; revoked_at: Date | null }>(
      `select id, prefix, role, label, created_at, revoked_at from api_key where workspace_id = ? order by created_at, id`,
      [workspaceId],
    );
    return rows.map((r) => ({ id: r.id, prefix: r.prefix, role: r.role, label: r.label, createdAt: new Date(r.created_at).toISOString(), revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null }));
  }

  /** Revokes the workspace's key with this id or prefix; returns how many keys that was (0 or 1 when unambiguous). */
  async revoke(workspaceId: string, idOrPrefix: string): Promise<ApiKeyInfo[]> {
    const matches = (await this.list(workspaceId)).filter((k) => k.id === idOrPrefix || k.prefix === idOrPrefix);
    if (matches.length === 1) {
      await this.db.query(`update api_key set revoked_at = coalesce(revoked_at, now()) where workspace_id = ? and id = ?`, [workspaceId, matches[0].id]);
    }
    return matches;
  }
}
