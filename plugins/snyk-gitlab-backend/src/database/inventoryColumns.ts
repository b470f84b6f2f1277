import { IssueCounts } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Knex } from 'knex';
import { StoredRepository } from './SnykGitlabStore';
import { lockTargets } from './locks';
import { targetsByName } from './targetsByName';

/** The Snyk org configured for a repository (`snykGitlab.snyk.orgs`). */
export type OrgFor = (host: string, path: string) => string | undefined;

const CHUNK = 500;

/** What the inventory table filters and sorts on, read from the catalog file. */
export function catalogColumns(r: StoredRepository) {
  return {
    owner: r.catalogFile.attributes.owner ?? '',
    system: r.catalogFile.attributes.application ?? '',
    entity_ref: r.entityRefs[0] ?? '',
    problem_count: r.catalogFile.problems.length,
  };
}

/** A target's issue counts as columns. */
export function countColumns(counts: IssueCounts) {
  return {
    critical_count: counts.critical,
    high_count: counts.high,
    medium_count: counts.medium,
    low_count: counts.low,
  };
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const ZERO_COUNTS = {
  critical_count: 0,
  high_count: 0,
  medium_count: 0,
  low_count: 0,
};

/**
 * Keeps each repository's Snyk org, and its target and issue counts in that
 * org, on the repository row: written with the repository itself when a sync
 * saves it, and by set-based updates when an org's targets are saved.
 */
export class InventoryColumns {
  constructor(private readonly orgFor: OrgFor) {}

  /**
   * Locks the repositories' orgs' targets until commit, all at once and in
   * order: a target refresh waits for the batch, so its columns read below
   * are never stale when written.
   */
  async lockOrgs(
    tx: Knex.Transaction,
    host: string,
    repositories: Array<Pick<StoredRepository, 'path'>>,
  ) {
    const orgs = new Set(repositories.map(r => this.orgFor(host, r.path)));
    for (const orgId of [...orgs].sort()) {
      if (orgId) await lockTargets(tx, orgId);
    }
  }

  /**
   * The org, target and count columns of a batch of a host's repositories,
   * by project id: the org from config, the target of the same name in it
   * (in any case, as `findTarget` finds it). One indexed read per org.
   */
  async columnsFor(
    db: Knex,
    host: string,
    repositories: Array<Pick<StoredRepository, 'projectId' | 'path'>>,
  ): Promise<Map<number, Record<string, unknown>>> {
    const withOrg = repositories.map(r => ({
      ...r,
      orgId: this.orgFor(host, r.path) ?? null,
      pathLower: r.path.toLowerCase(),
    }));
    const targets = new Map<string, Record<string, unknown>>();
    for (const [orgId, group] of groupBy(withOrg, r => r.orgId)) {
      if (!orgId) continue;
      const found = await targetsByName(
        db,
        orgId,
        [...new Set(group.map(r => r.pathLower))],
        ['target_id', ...Object.keys(ZERO_COUNTS)],
      );
      for (const [name, target] of found)
        targets.set(`${orgId}|${name}`, target);
    }
    return new Map(
      withOrg.map(r => [
        r.projectId,
        {
          org_id: r.orgId,
          target_id: null,
          ...ZERO_COUNTS,
          ...targets.get(`${r.orgId}|${r.pathLower}`),
        },
      ]),
    );
  }

  /** After an org's targets were replaced, or some of them (by display name) saved. */
  async targetsSaved(db: Knex, orgId: string, displayNames?: string[]) {
    const pathsLower = displayNames?.map(name => name.toLowerCase());
    if (!pathsLower) {
      await refreshTargets(db, { orgId });
      return;
    }
    for (let i = 0; i < pathsLower.length; i += CHUNK) {
      await refreshTargets(db, {
        orgId,
        pathsLower: pathsLower.slice(i, i + CHUNK),
      });
    }
  }

  /**
   * Sets the org of every repository whose configured org changed (config
   * is read at start-up), with its target in the new org. Keyset pages, so
   * memory stays bounded. Answers how many repositories changed org.
   */
  async reconcile(db: Knex): Promise<number> {
    let changed = 0;
    let after: { host: string; projectId: number } | undefined;
    for (;;) {
      const query = db('repositories')
        .select('host', 'project_id', 'path', 'org_id')
        .orderBy(['host', 'project_id'])
        .limit(5000);
      if (after) {
        const { host, projectId } = after;
        query.where(q =>
          q
            .where('host', '>', host)
            .orWhere(k =>
              k.where({ host }).where('project_id', '>', projectId),
            ),
        );
      }
      const rows = await query;
      if (rows.length === 0) return changed;
      for (const [host, hostRows] of groupBy(rows, row => row.host)) {
        const moved = hostRows
          .filter(row => (this.orgFor(host, row.path) ?? null) !== row.org_id)
          .map(row => ({ projectId: Number(row.project_id), path: row.path }));
        changed += moved.length;
        const columns = await this.columnsFor(db, host, moved);
        // Rows given the same values are written together.
        const same = groupBy([...columns], ([, values]) =>
          JSON.stringify(values),
        );
        for (const group of same.values()) {
          const ids = group.map(([projectId]) => projectId);
          for (let i = 0; i < ids.length; i += CHUNK) {
            await db('repositories')
              .where({ host })
              .whereIn('project_id', ids.slice(i, i + CHUNK))
              .update(group[0][1]);
          }
        }
      }
      const last = rows[rows.length - 1];
      after = { host: last.host, projectId: Number(last.project_id) };
    }
  }
}

/**
 * Copies, for the repositories in scope, the target of the same name in
 * their org (as `findTarget` finds it) and its issue counts; none: zeros.
 * Only rows whose values change are written.
 */
async function refreshTargets(
  db: Knex,
  scope: { orgId: string; pathsLower?: string[] },
) {
  const inScope = (q: Knex.QueryBuilder) => {
    q.where('org_id', scope.orgId);
    if (scope.pathsLower) q.whereIn('path_lower', scope.pathsLower);
    return q;
  };
  const target = `(select t.target_id from snyk_targets t where t.org_id = repositories.org_id and t.display_name_lower = repositories.path_lower order by t.target_id limit 1)`;
  await inScope(db('repositories'))
    .whereRaw(`coalesce(target_id, '') <> coalesce(${target}, '')`)
    .update({ target_id: db.raw(target) });
  const count = (column: string) =>
    `coalesce((select t.${column} from snyk_targets t where t.org_id = repositories.org_id and t.target_id = repositories.target_id), 0)`;
  const columns = Object.keys(ZERO_COUNTS);
  await inScope(db('repositories'))
    .whereRaw(`(${columns.map(c => `${c} <> ${count(c)}`).join(' or ')})`)
    .update(Object.fromEntries(columns.map(c => [c, db.raw(count(c))])));
}
