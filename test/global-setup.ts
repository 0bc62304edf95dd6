import { Client } from 'pg';
import * as path from 'node:path';
import { TEST_DATABASE_URL } from './support/test-database-url';

/**
 * Creates the test database afresh and applies the committed migrations, once
 * per test run. Uses the build in dist/ (jest's path mapping does not reach
 * global set-up); `npm test` builds first.
 */
export default async function globalSetup(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const built = path.resolve(__dirname, '../dist/libs/domain/src');
  const { openDatabase } = require(built) as typeof import('../libs/domain/src');
  const db = await openDatabase({ DATABASE_URL: TEST_DATABASE_URL, FERRY_HOME: '/nonexistent' });
  await db.close();
}
