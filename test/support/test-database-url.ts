/**
 * The real PostgreSQL the tests use. Global set-up creates a database of its
 * own for each test run (so two runs on one machine never meet) and hands its
 * URL to the test workers through FERRY_TEST_DATABASE_URL.
 */
export const TEST_SERVER_URL = process.env.FERRY_TEST_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export const TEST_DATABASE_URL = process.env.FERRY_TEST_DATABASE_URL ?? withDatabase(TEST_SERVER_URL, 'ferry_test');

export function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}
