/** The real PostgreSQL the tests use; a database of its own, created afresh by global-setup. */
export const TEST_DATABASE_URL = process.env.FERRY_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/ferry_test';
