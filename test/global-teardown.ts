import { Client } from 'pg';
import { TEST_SERVER_URL } from './support/test-database-url';

/** Drops this run's database. */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.FERRY_TEST_DATABASE_URL;
  if (!url) return;
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`drop database if exists "${new URL(url).pathname.slice(1)}" with (force)`);
  await admin.end();
}
