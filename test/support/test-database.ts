import { openDatabase, WorkspaceStore, type Database } from '@ferry/domain';
import { randomUUID } from 'node:crypto';

import { TEST_DATABASE_URL } from './test-database-url';

export { TEST_DATABASE_URL };

export function openTestDatabase(): Promise<Database> {
  return openDatabase({ DATABASE_URL: TEST_DATABASE_URL, FERRY_HOME: '/nonexistent' });
}

/** Tests share the database and keep apart by workspace, as schools do. */
export function uniqueSlug(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function newWorkspace(db: Database, prefix?: string): Promise<{ id: string; slug: string }> {
  const slug = uniqueSlug(prefix);
  return { id: await new WorkspaceStore(db.sql).ensure(slug), slug };
}
