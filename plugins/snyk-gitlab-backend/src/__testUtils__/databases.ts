import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

/**
 * SQLite and every PostgreSQL whose connection string is set (./run test sets
 * one). In CI a missing PostgreSQL is an error, not a silent skip.
 */
export function createTestDatabases(): TestDatabases {
  const postgres = POSTGRES.filter(
    id =>
      process.env[
        `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`
      ],
  );
  if (process.env.CI && postgres.length === 0) {
    throw new Error(
      'No PostgreSQL for the tests: set BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING (./run test does)',
    );
  }
  return TestDatabases.create({
    ids: ['SQLITE_3', ...postgres],
    disableDocker: true,
  });
}
