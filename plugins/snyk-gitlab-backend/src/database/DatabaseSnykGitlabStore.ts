import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  GroupIntegration,
  ImportJob,
  IntegrationStatus,
  RepositoryIndexEntry,
  SnykInventoryState,
  SnykRepositoryAsset,
  SnykTarget,
  TokenCheck,
  sumIssueCounts,
  tokenScopeFacts,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Knex } from 'knex';
import crypto from 'node:crypto';
import {
  RepositoryKey,
  SettingsChangedError,
  SnykGitlabStore,
  StoredImportJob,
  StoredOrgIntegration,
  StoredRepository,
  StoredSnykAsset,
  SyncOutcome,
} from './SnykGitlabStore';
import { fitRow } from './columns';
import { heldProfiles, lockTargets } from './locks';
import { targetsByName } from './targetsByName';
import {
  InventoryColumns,
  catalogColumns,
  countColumns,
} from './inventoryColumns';

const migrationsDir = resolvePackagePath(
  '@snyk-gitlab/plugin-snyk-gitlab-backend',
  'migrations',
);

const CHUNK = 500;

const json = (value: unknown) => JSON.stringify(value);
const parse = <T>(value: string | null | undefined, fallback: T): T =>
  value ? (JSON.parse(value) as T) : fallback;
const opt = <T>(value: T | null | undefined): T | undefined =>
  value === null ? undefined : value;
const now = () => new Date().toISOString();

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK)
    out.push(items.slice(i, i + CHUNK));
  return out;
}

function toGroup(row: any): GroupIntegration {
  return {
    id: row.host,
    profileName: row.profile_name,
    host: row.host,
    status: row.status,
    statusReason: opt(row.status_reason),
    catalog: parse(row.catalog, {
      enabled: false,
      filename: '',
      attributes: {},
    }),
    lastSyncAt: opt(row.last_sync_at),
    lastGoodSyncAt: opt(row.last_good_sync_at),
    nextSyncAt: opt(row.next_sync_at),
    updatedAt: row.updated_at,
    updatedBy: opt(row.updated_by),
  };
}

function toSnykInventory(row: any): SnykInventoryState {
  return {
    availability: row.availability,
    host: row.host,
    groupId: opt(row.group_id),
    repositoryCount:
      row.repository_count === null || row.repository_count === undefined
        ? undefined
        : Number(row.repository_count),
    reason: opt(row.reason),
    checkedAt: row.checked_at,
    readAt: opt(row.read_at),
  };
}

function groupRow(
  group: Parameters<SnykGitlabStore['saveGroupIntegration']>[0],
  updatedAt: string,
) {
  return fitRow('group_integrations', {
    id: crypto.randomUUID(),
    profile_name: group.profileName,
    host: group.host,
    catalog: json(group.catalog),
    status: group.status,
    status_reason: group.statusReason ?? null,
    updated_at: updatedAt,
    updated_by: group.updatedBy,
  });
}

/** Columns an upsert by host replaces: all but the row id. */
const withoutId = (row: Record<string, unknown>) =>
  Object.keys(row).filter(column => column !== 'id');

/** The columns `findTarget` reads. */
const TARGET_COLUMNS = ['target_id', 'display_name', 'url', 'projects'];

/** The columns `toRepository` reads: lookups select no more. */
const REPOSITORY_COLUMNS = [
  'host',
  'project_id',
  'path',
  'default_branch',
  'web_url',
  'last_activity_at',
  'catalog_fingerprint',
  'catalog_blob_id',
  'catalog_filename',
  'catalog_present',
  'catalog_attributes',
  'catalog_problems',
  'entity_refs',
  'synced_at',
];

function toRepository(row: any): StoredRepository {
  return {
    host: row.host,
    projectId: Number(row.project_id),
    path: row.path,
    defaultBranch: opt(row.default_branch),
    webUrl: row.web_url,
    lastActivityAt: opt(row.last_activity_at),
    catalogFingerprint: row.catalog_fingerprint,
    catalogBlobId: opt(row.catalog_blob_id),
    catalogFile: {
      filename: row.catalog_filename,
      present: Boolean(row.catalog_present),
      attributes: parse(row.catalog_attributes, {}),
      problems: parse(row.catalog_problems, []),
    },
    entityRefs: parse(row.entity_refs, []),
    syncedAt: row.synced_at,
  };
}

function repositoryRow(host: string, r: StoredRepository) {
  return fitRow('repositories', {
    host,
    project_id: r.projectId,
    path: r.path,
    path_lower: r.path.toLowerCase(),
    default_branch: r.defaultBranch ?? null,
    web_url: r.webUrl,
    last_activity_at: r.lastActivityAt ?? null,
    catalog_filename: r.catalogFile.filename,
    catalog_fingerprint: r.catalogFingerprint,
    catalog_blob_id: r.catalogBlobId ?? null,
    catalog_present: r.catalogFile.present,
    catalog_attributes: json(r.catalogFile.attributes),
    catalog_problems: json(r.catalogFile.problems),
    entity_refs: json(r.entityRefs),
    ...catalogColumns(r),
    synced_at: r.syncedAt,
  });
}

function targetRow(orgId: string, t: SnykTarget) {
  return fitRow('snyk_targets', {
    org_id: orgId,
    target_id: t.targetId,
    display_name: t.displayName,
    display_name_lower: t.displayName.toLowerCase(),
    url: t.url ?? null,
    projects: json(t.projects),
    updated_at: now(),
    ...countColumns(t.issueCounts),
  });
}

/**
 * Before a host's repository rows are deleted: the target locks of their
 * orgs, in order, as target refreshes update those rows.
 */
async function lockHostOrgs(tx: Knex.Transaction, host: string) {
  const orgs = await tx('repositories')
    .where({ host })
    .whereNotNull('org_id')
    .distinct('org_id')
    .orderBy('org_id');
  for (const { org_id } of orgs) await lockTargets(tx, org_id);
}

function toImportJob(row: any): StoredImportJob {
  return {
    id: row.id,
    orgId: row.org_id,
    integrationId: row.integration_id,
    snykJobId: row.snyk_job_id,
    host: row.host,
    projectId: Number(row.project_id),
    path: row.path,
    status: row.status,
    error: opt(row.error),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Knex implementation of {@link SnykGitlabStore}. */
export class DatabaseSnykGitlabStore implements SnykGitlabStore {
  static async create(
    database: DatabaseService,
    /** Keeps the inventory table's org, target and issue count columns. */
    columns?: InventoryColumns,
  ): Promise<DatabaseSnykGitlabStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseSnykGitlabStore(client, undefined, columns);
  }

  constructor(
    private readonly db: Knex,
    private readonly changes = { count: 0 },
    private readonly columns?: InventoryColumns,
  ) {}

  async transaction<T>(fn: (store: SnykGitlabStore) => Promise<T>): Promise<T> {
    const result = await this.db.transaction(tx =>
      fn(new DatabaseSnykGitlabStore(tx, this.changes, this.columns)),
    );
    // Again once committed: a read between the write and the commit is stale.
    this.changed();
    return result;
  }

  settingsChanges() {
    return this.changes.count;
  }

  private changed() {
    this.changes.count += 1;
  }

  async listGroupIntegrations(): Promise<GroupIntegration[]> {
    const rows = await this.db('group_integrations');
    // Sorted here: databases collate names differently.
    return rows
      .map(toGroup)
      .sort(
        (a, b) =>
          a.profileName.localeCompare(b.profileName, 'en') ||
          a.host.localeCompare(b.host, 'en'),
      );
  }

  async getGroupIntegration(
    host: string,
  ): Promise<GroupIntegration | undefined> {
    const row = await this.db('group_integrations').where({ host }).first();
    return row ? toGroup(row) : undefined;
  }

  async saveGroupIntegration(
    group: Parameters<SnykGitlabStore['saveGroupIntegration']>[0],
  ) {
    const row = groupRow(group, now());
    await this.db('group_integrations')
      .insert(row)
      .onConflict('host')
      .merge(withoutId(row));
    this.changed();
  }

  async seedGroupIntegration(
    group: Parameters<SnykGitlabStore['seedGroupIntegration']>[0],
  ) {
    const at = now();
    const saved = await this.db.transaction(async tx => {
      const first = await tx('group_profile_seeds')
        .insert({ host: group.host, seeded_at: at })
        .onConflict('host')
        .ignore()
        .returning('host');
      if (first.length === 0) return false;
      // A profile saved meanwhile (from the portal) is kept.
      const created = await tx('group_integrations')
        .insert(
          groupRow(
            {
              ...group,
              status: 'partially_connected',
              updatedBy: 'app-config',
            },
            at,
          ),
        )
        .onConflict('host')
        .ignore()
        .returning('host');
      return created.length > 0;
    });
    this.changed();
    return saved;
  }

  async deleteGroupIntegration(host: string) {
    const deleted = await this.db.transaction(async tx => {
      const count = await tx('group_integrations').where({ host }).delete();
      await lockHostOrgs(tx, host);
      // Snyk's inventory before its assets, in the order recordSnykInventory writes them.
      for (const table of [
        'repository_entities',
        'repositories',
        'snyk_inventory',
        'snyk_assets',
      ]) {
        await tx(table).where({ host }).delete();
      }
      // Its open bulk imports can no longer run; they stay listed, to retry once
      // it is back. A worker holding one sees it is no longer its own and stops.
      await tx('bulk_imports')
        .where({ host })
        .whereIn('state', ['queued', 'running'])
        .update({
          state: 'failed',
          error: 'The group-level profile of its GitLab host was deleted',
          claimed_by: null,
          lease_until: null,
          updated_at: now(),
        });
      return count > 0;
    });
    this.changed();
    return deleted;
  }

  async recordSyncOutcome(host: string, outcome: SyncOutcome) {
    await this.db('group_integrations')
      .where({ host, updated_at: outcome.settingsUpdatedAt })
      .update(
        fitRow('group_integrations', {
          status: outcome.status,
          status_reason: outcome.statusReason ?? null,
          last_sync_at: outcome.lastSyncAt,
          next_sync_at: outcome.nextSyncAt ?? null,
        }),
      );
    this.changed();
  }

  async getRepositories(host: string, projectIds: number[]) {
    const rows = [];
    for (const ids of chunks(projectIds)) {
      rows.push(
        ...(await this.db('repositories')
          .where({ host })
          .whereIn('project_id', ids)),
      );
    }
    return rows.map(toRepository);
  }

  async saveRepositories(
    host: string,
    repositories: StoredRepository[],
    settingsUpdatedAt: string,
  ) {
    await this.db.transaction(async tx => {
      // Locked until commit: a delete of the profile waits, then removes the batch.
      const current = await tx('group_integrations')
        .where({ host, updated_at: settingsUpdatedAt })
        .forShare()
        .first('id');
      if (!current) throw new SettingsChangedError();
      await this.columns?.lockOrgs(tx, host, repositories);
      for (const batch of chunks(repositories)) {
        const columns = await this.columns?.columnsFor(tx, host, batch);
        await tx('repositories')
          .insert(
            batch.map(r => ({
              ...repositoryRow(host, r),
              ...columns?.get(r.projectId),
            })),
          )
          .onConflict(['host', 'project_id'])
          .merge();
        const ids = batch.map(r => r.projectId);
        await tx('repository_entities')
          .where({ host })
          .whereIn('project_id', ids)
          .delete();
        const refs = batch.flatMap(r =>
          [...new Set(r.entityRefs)].map(ref =>
            fitRow('repository_entities', {
              entity_ref: ref,
              host,
              project_id: r.projectId,
            }),
          ),
        );
        for (const refBatch of chunks(refs)) {
          await tx('repository_entities').insert(refBatch);
        }
      }
    });
  }

  async recordGoodSync(
    host: string,
    syncedAt: string,
    outcome: Parameters<SnykGitlabStore['recordGoodSync']>[2],
  ) {
    await this.db.transaction(async tx => {
      // First, so a save that changed the settings meanwhile wins: nothing is written.
      const current = await tx('group_integrations')
        .where({ host, updated_at: outcome.settingsUpdatedAt })
        .update({
          status: 'connected',
          status_reason: null,
          last_sync_at: outcome.lastSyncAt,
          last_good_sync_at: outcome.lastSyncAt,
          next_sync_at: outcome.nextSyncAt ?? null,
        });
      if (current !== 1) throw new SettingsChangedError();
      await lockHostOrgs(tx, host);
      // A host without a profile leaves no inventory behind.
      const profiled = tx('group_integrations').select('host');
      await tx('repository_entities').whereNotIn('host', profiled).delete();
      await tx('repositories').whereNotIn('host', profiled).delete();
      // Nor does a repository this sync did not list.
      await tx('repository_entities')
        .where({ host })
        .whereIn(
          'project_id',
          tx('repositories')
            .where({ host })
            .whereNot({ synced_at: syncedAt })
            .select('project_id'),
        )
        .delete();
      await tx('repositories')
        .where({ host })
        .whereNot({ synced_at: syncedAt })
        .delete();
    });
    this.changed();
  }

  async listOrgIntegrations(): Promise<StoredOrgIntegration[]> {
    const rows = await this.db('org_integrations').orderBy('org_id');
    return rows.map(row => ({
      orgId: row.org_id,
      host: row.host,
      snykIntegrationId: opt(row.snyk_integration_id),
      status: row.status as IntegrationStatus,
      statusReason: opt(row.status_reason),
      lastCheckedAt: opt(row.last_checked_at),
      updatedAt: row.updated_at,
      updatedBy: opt(row.updated_by),
    }));
  }

  async saveOrgIntegration(org: StoredOrgIntegration) {
    await this.db('org_integrations')
      .insert(
        fitRow('org_integrations', {
          org_id: org.orgId,
          host: org.host,
          snyk_integration_id: org.snykIntegrationId ?? null,
          status: org.status,
          status_reason: org.statusReason ?? null,
          last_checked_at: org.lastCheckedAt ?? null,
          updated_at: org.updatedAt,
          updated_by: org.updatedBy ?? null,
        }),
      )
      .onConflict('org_id')
      .merge();
    this.changed();
  }

  async recordOrgCheck(
    orgId: string,
    updatedAt: string,
    check: Parameters<SnykGitlabStore['recordOrgCheck']>[2],
  ) {
    await this.db('org_integrations')
      .where({ org_id: orgId, updated_at: updatedAt })
      .update(
        fitRow('org_integrations', {
          status: check.status,
          status_reason: check.statusReason ?? null,
          last_checked_at: check.lastCheckedAt ?? null,
        }),
      );
    this.changed();
  }

  async saveTokenCheck(check: TokenCheck) {
    await this.db('gitlab_tokens')
      .insert(
        fitRow('gitlab_tokens', {
          host: check.host,
          name: check.name ?? null,
          active: check.active ?? null,
          revoked: check.revoked ?? null,
          scopes: json(check.scopes),
          missing_scopes: json(check.missingScopes),
          expires_at: check.expiresAt ?? null,
          expiry_warning: check.expiryWarning ?? null,
          problem: check.problem ?? null,
          checked_at: check.checkedAt ?? now(),
        }),
      )
      .onConflict('host')
      .merge();
    this.changed();
  }

  async listTokenChecks(): Promise<TokenCheck[]> {
    const rows = await this.db('gitlab_tokens').orderBy('host');
    return rows.map(row => ({
      host: row.host,
      configured: true,
      ok: !row.problem,
      name: opt(row.name),
      active: row.active === null ? undefined : Boolean(row.active),
      revoked: row.revoked === null ? undefined : Boolean(row.revoked),
      ...tokenScopeFacts(parse<string[]>(row.scopes, [])),
      expiresAt: opt(row.expires_at),
      expiryWarning: opt(row.expiry_warning),
      problem: opt(row.problem),
      checkedAt: row.checked_at,
    }));
  }

  async listRepositories(host: string) {
    const rows = await this.db('repositories').where({ host }).orderBy('path');
    return rows.map(toRepository);
  }

  async countRepositories(host: string) {
    const [{ count }] = await this.db('repositories')
      .where({ host })
      .count({ count: '*' });
    return Number(count);
  }

  async findRepository(key: RepositoryKey) {
    let query = this.db('repositories');
    if ('entityRef' in key) {
      query = query.where({ host: key.host }).whereIn(
        'project_id',
        this.db('repository_entities')
          .where({
            host: key.host,
            entity_ref: key.entityRef.toLocaleLowerCase('en-US'),
          })
          .select('project_id'),
      );
    } else if ('path' in key) {
      query = query.where({
        host: key.host,
        path_lower: key.path.toLowerCase(),
      });
    } else {
      query = query.where({ host: key.host, project_id: key.projectId });
    }
    // Several repositories may declare one entity: the first by path wins.
    const row = await ('entityRef' in key
      ? query.orderBy('path')
      : query
    ).first(REPOSITORY_COLUMNS);
    return row ? toRepository(row) : undefined;
  }

  async replaceTargets(orgId: string, targets: SnykTarget[]) {
    await this.db.transaction(async tx => {
      await lockTargets(tx, orgId);
      await tx('snyk_targets').where({ org_id: orgId }).delete();
      for (const batch of chunks(targets)) {
        await tx('snyk_targets').insert(batch.map(t => targetRow(orgId, t)));
      }
      await this.columns?.targetsSaved(tx, orgId);
    });
  }

  async saveTargets(orgId: string, targets: SnykTarget[]) {
    await this.db.transaction(async tx => {
      await lockTargets(tx, orgId);
      for (const batch of chunks(targets)) {
        await tx('snyk_targets')
          .where({ org_id: orgId })
          .whereIn(
            'target_id',
            batch.map(t => t.targetId),
          )
          .delete();
        await tx('snyk_targets').insert(batch.map(t => targetRow(orgId, t)));
      }
      await this.columns?.targetsSaved(
        tx,
        orgId,
        targets.map(t => t.displayName),
      );
    });
  }

  async findTarget(
    orgId: string,
    path: string,
  ): Promise<SnykTarget | undefined> {
    const name = path.toLowerCase();
    const row = (
      await targetsByName(this.db, orgId, [name], TARGET_COLUMNS)
    ).get(name);
    if (!row) return undefined;
    const projects = parse<SnykTarget['projects']>(row.projects, []);
    return {
      orgId,
      targetId: row.target_id,
      displayName: row.display_name,
      url: opt(row.url),
      projects,
      issueCounts: sumIssueCounts(projects.map(p => p.issueCounts)),
    };
  }

  async listIndexPage(
    hosts: string[],
    after: { host: string; projectId: number } | undefined,
    limit: number,
    orgFor: (host: string, path: string) => string | undefined,
  ): Promise<RepositoryIndexEntry[]> {
    const query = this.db('repositories')
      .whereIn('host', hosts)
      .select('host', 'project_id', 'path')
      .orderBy(['host', 'project_id'])
      .limit(limit);
    if (after) {
      query.where(q =>
        q
          .where('host', '>', after.host)
          .orWhere(k =>
            k
              .where('host', after.host)
              .where('project_id', '>', after.projectId),
          ),
      );
    }
    const entries: RepositoryIndexEntry[] = (await query).map(row => ({
      host: row.host,
      projectId: Number(row.project_id),
      path: row.path,
      orgId: orgFor(row.host, row.path),
    }));
    // Only this page's targets, by org and lower-cased name.
    const names = new Map<string, Set<string>>();
    for (const e of entries) {
      if (!e.orgId) continue;
      if (!names.has(e.orgId)) names.set(e.orgId, new Set());
      names.get(e.orgId)!.add(e.path.toLowerCase());
    }
    const targets = new Map<string, string>();
    for (const [orgId, orgNames] of names) {
      const found = await targetsByName(
        this.db,
        orgId,
        [...orgNames],
        ['target_id'],
      );
      for (const [name, target] of found) {
        targets.set(`${orgId}|${name}`, target.target_id);
      }
    }
    for (const e of entries) {
      const targetId =
        e.orgId && targets.get(`${e.orgId}|${e.path.toLowerCase()}`);
      if (targetId) e.targetId = targetId;
    }
    return entries;
  }

  async createImportJob(job: StoredImportJob) {
    const pending = () =>
      this.db('import_jobs')
        .where({
          org_id: job.orgId,
          host: job.host,
          project_id: job.projectId,
          status: 'pending',
        })
        .first();
    const existing = await pending();
    if (existing) return { job: toImportJob(existing), created: false };
    try {
      await this.db('import_jobs').insert(
        fitRow('import_jobs', {
          id: job.id,
          org_id: job.orgId,
          integration_id: job.integrationId,
          snyk_job_id: job.snykJobId,
          host: job.host,
          project_id: job.projectId,
          path: job.path,
          status: job.status,
          error: job.error ?? null,
          created_by: job.createdBy,
          created_at: job.createdAt,
          updated_at: job.updatedAt,
        }),
      );
      return { job, created: true };
    } catch (error) {
      // Another request won the race: the unique index allows one pending job.
      const winner = await pending();
      if (winner) return { job: toImportJob(winner), created: false };
      throw error;
    }
  }

  async setSnykJobId(id: string, snykJobId: string) {
    await this.db('import_jobs')
      .where({ id })
      .update(fitRow('import_jobs', { snyk_job_id: snykJobId }));
  }

  async failUnconfirmedImports(before: string) {
    return this.db('import_jobs')
      .where({ status: 'pending', snyk_job_id: '' })
      .where('created_at', '<', before)
      .update({
        status: 'failed',
        error: 'Snyk never confirmed the import; start it again',
        updated_at: now(),
      });
  }

  async updateImportJob(
    id: string,
    patch: Pick<ImportJob, 'status' | 'error' | 'updatedAt'>,
  ) {
    await this.db('import_jobs')
      .where({ id })
      .update(
        fitRow('import_jobs', {
          status: patch.status,
          error: patch.error ?? null,
          updated_at: patch.updatedAt,
        }),
      );
  }

  async getImportJob(id: string) {
    const row = await this.db('import_jobs').where({ id }).first();
    return row ? toImportJob(row) : undefined;
  }

  async latestImportJob(host: string, projectId: number) {
    const row = await this.db('import_jobs')
      .where({ host, project_id: projectId })
      .orderBy('created_at', 'desc')
      .first();
    return row ? toImportJob(row) : undefined;
  }

  async listPendingImportJobs() {
    const rows = await this.db('import_jobs').where({ status: 'pending' });
    return rows.map(toImportJob);
  }

  async claimImportPoll(id: string, at: Date, intervalMs: number) {
    const before = new Date(at.getTime() - intervalMs).toISOString();
    const claimed = await this.db('import_jobs')
      .where({ id, status: 'pending' })
      .where(q => q.whereNull('polled_at').orWhere('polled_at', '<=', before))
      .update({ polled_at: at.toISOString() });
    return claimed === 1;
  }

  async audit(entry: {
    actor: string;
    action: string;
    subject: string;
    details?: object;
  }) {
    await this.db('audit_log').insert(
      fitRow('audit_log', {
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        details: json(entry.details ?? {}),
        created_at: now(),
      }),
    );
  }

  async listAudit(limit: number) {
    const rows = await this.db('audit_log').orderBy('id', 'desc').limit(limit);
    return rows.map(row => ({
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      details: parse<object>(row.details, {}),
      createdAt: row.created_at,
    }));
  }

  async getSnykInventory(
    host: string,
  ): Promise<SnykInventoryState | undefined> {
    const row = await this.db('snyk_inventory').where({ host }).first();
    return row ? toSnykInventory(row) : undefined;
  }

  async listSnykInventories(): Promise<SnykInventoryState[]> {
    const rows = await this.db('snyk_inventory').orderBy('host');
    return rows.map(toSnykInventory);
  }

  async recordSnykInventory(
    state: SnykInventoryState,
    assets?: StoredSnykAsset[],
  ) {
    const stateRow = fitRow('snyk_inventory', {
      id: crypto.randomUUID(),
      group_id: state.groupId ?? null,
      host: state.host,
      availability: state.availability,
      reason: state.reason ?? null,
      repository_count: state.repositoryCount ?? null,
      checked_at: state.checkedAt,
      read_at: state.readAt ?? null,
    });
    await this.db.transaction(async tx => {
      // A read that outlived its profile writes nothing.
      if (!(await heldProfiles(tx, [state.host])).size) return;
      await tx('snyk_inventory')
        .insert(stateRow)
        .onConflict('host')
        .merge(withoutId(stateRow));
      if (!assets) return;
      await tx('snyk_assets').where({ host: stateRow.host }).delete();
      // One row per repository: the first asset Snyk listed for it.
      const rows = new Map<string, Record<string, unknown>>();
      for (const a of assets.filter(asset => asset.host === state.host)) {
        const row = fitRow('snyk_assets', {
          host: a.host,
          path_lower: a.path.toLowerCase(),
          asset_id: a.assetId,
          name: a.name ?? null,
          repository_url: a.repositoryUrl ?? null,
          browse_url: a.browseUrl ?? null,
          snyk_updated_at: a.updatedAt ?? null,
          repository_freshness: a.repositoryFreshness ?? null,
          attributes: json(a.attributes),
          archived: a.archived ?? null,
        });
        const key = `${row.host}|${row.path_lower}`;
        if (!rows.has(key)) rows.set(key, row);
      }
      for (const batch of chunks([...rows.values()])) {
        await tx('snyk_assets').insert(batch);
      }
    });
    this.changed();
  }

  async findSnykAsset(
    host: string,
    path: string,
  ): Promise<SnykRepositoryAsset | undefined> {
    const row = await this.db('snyk_assets')
      .where({ host, path_lower: path.toLowerCase() })
      .first();
    if (!row) return undefined;
    return {
      assetId: row.asset_id,
      name: opt(row.name),
      repositoryUrl: opt(row.repository_url),
      browseUrl: opt(row.browse_url),
      updatedAt: opt(row.snyk_updated_at),
      repositoryFreshness: opt(row.repository_freshness),
      attributes: parse(row.attributes, {}),
      archived: row.archived === null ? undefined : Boolean(row.archived),
    };
  }
}
