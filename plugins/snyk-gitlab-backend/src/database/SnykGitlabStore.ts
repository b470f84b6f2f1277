import {
  CatalogOption,
  GroupIntegration,
  ImportJob,
  IntegrationStatus,
  Repository,
  RepositoryIndexEntry,
  SnykInventoryState,
  SnykRepositoryAsset,
  SnykTarget,
  TokenCheck,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';

export interface StoredOrgIntegration {
  orgId: string;
  host: string;
  snykIntegrationId?: string;
  status: IntegrationStatus;
  statusReason?: string;
  lastCheckedAt?: string;
  updatedAt: string;
  updatedBy?: string;
}

/** A repository as synced, with what is needed to skip it next time. */
export interface StoredRepository extends Repository {
  lastActivityAt?: string;
  catalogFingerprint: string;
  /** The catalog file's blob id when it was read; absent: read it again. */
  catalogBlobId?: string;
}

export interface StoredImportJob extends ImportJob {
  integrationId: string;
  snykJobId: string;
}

/** A repository asset of Snyk's inventory, keyed by the GitLab repository it is. */
export interface StoredSnykAsset extends SnykRepositoryAsset {
  host: string;
  path: string;
}

export type RepositoryKey =
  | { host: string; projectId: number }
  | { host: string; path: string }
  | { host: string; entityRef: string };

export interface SyncOutcome {
  status: IntegrationStatus;
  statusReason?: string;
  lastSyncAt: string;
  nextSyncAt?: string;
  /** The settings the sync ran with; newer ones are left as they are. */
  settingsUpdatedAt: string;
}

/** A sync's result was not saved: the settings changed while it ran. */
export class SettingsChangedError extends Error {
  constructor() {
    super(
      'The group-level settings changed during the sync; its result was discarded',
    );
    this.name = 'SettingsChangedError';
  }
}

/** The plugin's own persistence. */
export interface SnykGitlabStore {
  /**
   * How many times this process changed the integrations, their statuses or
   * token checks: a cheap key for caching what every page shows.
   */
  settingsChanges(): number;
  /** Runs `fn` with a store whose writes commit together, or not at all. */
  transaction<T>(fn: (store: SnykGitlabStore) => Promise<T>): Promise<T>;

  /** The group-level profiles, one per GitLab host, by profile name. */
  listGroupIntegrations(): Promise<GroupIntegration[]>;
  /** The group-level profile of a GitLab host. */
  getGroupIntegration(host: string): Promise<GroupIntegration | undefined>;
  /** Creates or replaces the profile of `group.host`. */
  saveGroupIntegration(group: {
    profileName: string;
    host: string;
    catalog: CatalogOption;
    status: IntegrationStatus;
    statusReason?: string;
    updatedBy: string;
  }): Promise<void>;
  /**
   * Saves the app-config profile of `group.host` once ever: not when the host
   * has a profile, nor when one was seeded before (and maybe deleted since).
   * True when saved.
   */
  seedGroupIntegration(group: {
    profileName: string;
    host: string;
    catalog: CatalogOption;
    statusReason: string;
  }): Promise<boolean>;
  /**
   * Removes the profile of a host with its inventory (repositories and Snyk's
   * inventory of the host), and fails its queued bulk imports; false when the
   * host has no profile.
   */
  deleteGroupIntegration(host: string): Promise<boolean>;
  /** Records a host's sync that failed or was skipped; the inventory is untouched. */
  recordSyncOutcome(host: string, outcome: SyncOutcome): Promise<void>;
  /** The host's stored repositories among these project ids. */
  getRepositories(
    host: string,
    projectIds: number[],
  ): Promise<StoredRepository[]>;
  /**
   * Upserts a batch of a sync's repositories, only while the host's profile
   * has the settings saved at `settingsUpdatedAt`, else
   * {@link SettingsChangedError} and nothing is written.
   */
  saveRepositories(
    host: string,
    repositories: StoredRepository[],
    settingsUpdatedAt: string,
  ): Promise<void>;
  /**
   * Ends a good sync of a host, atomically: marks its profile connected and
   * removes every repository of the host the sync did not save (`syncedAt`
   * not this sync's) and of any host without a profile; only while the
   * profile's settings are still those saved at `settingsUpdatedAt` (else
   * {@link SettingsChangedError}, nothing written).
   */
  recordGoodSync(
    host: string,
    syncedAt: string,
    outcome: Omit<SyncOutcome, 'status' | 'statusReason'>,
  ): Promise<void>;

  listOrgIntegrations(): Promise<StoredOrgIntegration[]>;
  saveOrgIntegration(org: StoredOrgIntegration): Promise<void>;
  /**
   * Records a check of an org's targets, only while the org is as saved at
   * `updatedAt`: a save in the meantime (a repair) is never overwritten.
   */
  recordOrgCheck(
    orgId: string,
    updatedAt: string,
    check: Pick<
      StoredOrgIntegration,
      'status' | 'statusReason' | 'lastCheckedAt'
    >,
  ): Promise<void>;

  saveTokenCheck(check: TokenCheck): Promise<void>;
  listTokenChecks(): Promise<TokenCheck[]>;

  listRepositories(host: string): Promise<StoredRepository[]>;
  countRepositories(host: string): Promise<number>;
  findRepository(key: RepositoryKey): Promise<StoredRepository | undefined>;

  /** Replaces an org's targets. */
  replaceTargets(orgId: string, targets: SnykTarget[]): Promise<void>;
  /** Adds or replaces some of an org's targets, e.g. one just imported. */
  saveTargets(orgId: string, targets: SnykTarget[]): Promise<void>;
  findTarget(orgId: string, path: string): Promise<SnykTarget | undefined>;
  /**
   * Up to `limit` of the hosts' repositories after `after`, in (host,
   * project_id) order, each with its org (`orgFor`) and that org's target.
   */
  listIndexPage(
    hosts: string[],
    after: { host: string; projectId: number } | undefined,
    limit: number,
    orgFor: (host: string, path: string) => string | undefined,
  ): Promise<RepositoryIndexEntry[]>;

  /**
   * Records a new pending job, or answers the pending job of the same org and
   * repository that already exists (then nothing is written).
   */
  createImportJob(
    job: StoredImportJob,
  ): Promise<{ job: StoredImportJob; created: boolean }>;
  /** Snyk accepted the import: its job id. */
  setSnykJobId(id: string, snykJobId: string): Promise<void>;
  /** Fails pending jobs Snyk never confirmed, created before `before`. */
  failUnconfirmedImports(before: string): Promise<number>;
  updateImportJob(
    id: string,
    patch: Pick<ImportJob, 'status' | 'error' | 'updatedAt'>,
  ): Promise<void>;
  getImportJob(id: string): Promise<StoredImportJob | undefined>;
  latestImportJob(
    host: string,
    projectId: number,
  ): Promise<StoredImportJob | undefined>;
  listPendingImportJobs(): Promise<StoredImportJob[]>;
  /**
   * Claims the right to poll Snyk for a pending job now: true for one caller
   * (of any replica) per interval, false while another poll is recent.
   */
  claimImportPoll(id: string, at: Date, intervalMs: number): Promise<boolean>;

  audit(entry: {
    actor: string;
    action: string;
    subject: string;
    details?: object;
  }): Promise<void>;
  listAudit(limit: number): Promise<
    Array<{
      actor: string;
      action: string;
      subject: string;
      details: object;
      createdAt: string;
    }>
  >;

  /** Snyk's own view of a host's profile, as last recorded. */
  getSnykInventory(host: string): Promise<SnykInventoryState | undefined>;
  /** Snyk's own view of every host, as last recorded. */
  listSnykInventories(): Promise<SnykInventoryState[]>;
  /**
   * Records a read of Snyk's inventory for `state.host`, atomically. `assets`
   * replace the host's stored ones (`[]` forgets them); when absent, the
   * stored ones are kept (a passing failure leaves the last good read).
   * Nothing is written for a host without a profile (deleted meanwhile).
   */
  recordSnykInventory(
    state: SnykInventoryState,
    assets?: StoredSnykAsset[],
  ): Promise<void>;
  /** A repository as Snyk's inventory holds it, by host and path (any case). */
  findSnykAsset(
    host: string,
    path: string,
  ): Promise<SnykRepositoryAsset | undefined>;
}
