import * as path from 'node:path';
import { Client } from 'pg';
import { TEST_SERVER_URL, withDatabase } from './support/test-database-url';

/**
 * Creates a fresh database for this test run and applies the committed
 * migrations. Uses the build in dist/ (jest's path mapping does not reach
 * global set-up); `npm test` builds first.
 */
export default async function globalSetup(): Promise<void> {
  const name = `ferry_test_${process.pid}`;
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = withDatabase(TEST_SERVER_URL, name);
  process.env.FERRY_TEST_DATABASE_URL = url; // inherited by the workers
  const built = path.resolve(__dirname, '../dist/libs/domain/src');
  const { openDatabase } = require(built) as typeof import('../libs/domain/src');
  const db = await openDatabase({ DATABASE_URL: url, FERRY_HOME: '/nonexistent' });
  await db.close();
}
