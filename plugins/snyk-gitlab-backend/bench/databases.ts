import knexFactory, { Knex } from 'knex';

/** SQLite in memory, and a fresh PostgreSQL database when ./run bench found one. */
export function benchDatabases(): Array<[string, () => Promise<Knex>]> {
  const list: Array<[string, () => Promise<Knex>]> = [
    [
      'SQLite',
      async () =>
        knexFactory({
          client: 'better-sqlite3',
          connection: ':memory:',
          useNullAsDefault: true,
        }),
    ],
  ];
  const pg = Object.entries(process.env).find(([k]) =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k),
  )?.[1];
  if (pg) {
    list.push([
      'PostgreSQL',
      async () => {
        const name = `bench_${Date.now()}`;
        const admin = knexFactory({
          client: 'pg',
          connection: `${pg}/postgres`,
        });
        await admin.raw(`create database ${name}`);
        await admin.destroy();
        return knexFactory({ client: 'pg', connection: `${pg}/${name}` });
      },
    ]);
  }
  return list;
}
