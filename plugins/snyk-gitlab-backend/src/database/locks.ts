import { Knex } from 'knex';

/**
 * Makes transactions that take the same `key` run one after the other, until
 * commit or rollback: on PostgreSQL an advisory lock on the key's hash; SQLite
 * writes one transaction at a time anyway.
 */
export async function advisoryLock(
  tx: Knex.Transaction,
  key: string,
): Promise<void> {
  if (/^(pg|postgres(ql)?)$/.test(String(tx.client.config.client))) {
    await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
      `snyk-gitlab ${key}`,
    ]);
  }
}

/**
 * An org's target writes take turns with each other (each deletes, then
 * inserts the same ids) and with sync batches of its repositories (whose
 * target columns they read).
 */
export const lockTargets = (tx: Knex.Transaction, orgId: string) =>
  advisoryLock(tx, `snyk_targets ${orgId}`);

/**
 * Of these hosts, those with a profile, whose rows stay locked for share
 * until commit: a write for a host never lands after its profile's delete,
 * which waits for it.
 */
export async function heldProfiles(
  tx: Knex.Transaction,
  hosts: string[],
): Promise<Set<string>> {
  const rows = await tx('group_integrations')
    .whereIn('host', [...new Set(hosts)])
    .forShare()
    .select('host');
  return new Set(rows.map(r => r.host));
}
