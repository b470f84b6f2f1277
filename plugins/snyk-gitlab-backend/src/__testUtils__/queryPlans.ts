import { Knex } from 'knex';

/**
 * The plan of each query `fn` runs whose SQL matches `only` (every SELECT by
 * default), as the database would run it. On PostgreSQL scans are priced out,
 * so a plan shows whether an index can serve the query at all.
 */
export async function plansOf(
  knex: Knex,
  fn: () => Promise<unknown>,
  only: RegExp = /^select/i,
): Promise<string[]> {
  const queries: Array<{ sql: string; bindings: unknown[] }> = [];
  const listen = (q: { sql: string; bindings?: unknown[] }) =>
    queries.push({ sql: q.sql, bindings: q.bindings ?? [] });
  knex.on('query', listen);
  try {
    await fn();
  } finally {
    knex.removeListener('query', listen);
  }
  const plans: string[] = [];
  for (const q of queries.filter(x => only.test(x.sql))) {
    const sql = q.sql.replace(/\$\d+/g, '?');
    if (knex.client.config.client === 'pg') {
      await knex.transaction(async tx => {
        await tx.raw('SET LOCAL enable_seqscan = off');
        const rows = (await tx.raw(`EXPLAIN ${sql}`, q.bindings as any)).rows;
        plans.push(rows.map((r: any) => r['QUERY PLAN']).join('\n'));
      });
    } else {
      const rows = await knex.raw(
        `EXPLAIN QUERY PLAN ${sql}`,
        q.bindings as any,
      );
      plans.push(rows.map((r: any) => r.detail).join('\n'));
    }
  }
  return plans;
}
