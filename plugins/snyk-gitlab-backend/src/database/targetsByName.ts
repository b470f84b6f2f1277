import { Knex } from 'knex';

const CHUNK = 500;

/**
 * An org's targets named `namesLower` (lower-cased), by lower-cased name, with
 * `columns`. Of names that differ only in case, the first by target id: the
 * one rule for every reader of targets by name. Read in the name index's
 * order, so the index is searched, not the org's every target.
 */
export async function targetsByName(
  db: Knex,
  orgId: string,
  namesLower: string[],
  columns: string[],
): Promise<Map<string, Record<string, any>>> {
  const targets = new Map<string, Record<string, any>>();
  for (let i = 0; i < namesLower.length; i += CHUNK) {
    const rows = await db('snyk_targets')
      .where('org_id', orgId)
      .whereIn('display_name_lower', namesLower.slice(i, i + CHUNK))
      .select('display_name_lower', ...columns)
      .orderBy(['display_name_lower', 'target_id']);
    for (const { display_name_lower: name, ...target } of rows) {
      if (!targets.has(name)) targets.set(name, target);
    }
  }
  return targets;
}
