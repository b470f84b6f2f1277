import {
  CatalogOption,
  GroupIntegration,
  ImportJob,
  IntegrationStatus,
  Repository,
  SnykTarget,
  TokenCheck,
} from '@internal/plugin-snyk-gitlab-common';

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
}

export interface StoredImportJob extends ImportJob {
  integrationId: string;
  snykJobId: string;
}

export type RepositoryKey =
  | { host: string; projectId: number }
  | { host: string; path: string }
  | { entityRef: string };

export interface SyncOutcome {
  status: IntegrationStatus;
  statusReason?: string;
  lastSyncAt: string;
  nextSyncAt?: string;
}

/** The plugin's own persistence. */
export interface SnykGitlabStore {
  getGroupIntegration(): Promise<GroupIntegration | undefined>;
  saveGroupIntegration(group: {
    profileName: string;
    host: string;
    catalog: CatalogOption;
    status: IntegrationStatus;
    statusReason?: string;
    updatedBy: string;
  }): Promise<void>;
  /** Records a sync that failed or was skipped; the inventory is untouched. */
  recordSyncOutcome(outcome: SyncOutcome): Promise<void>;
  /** Replaces the host's inventory and marks the group connected, atomically. */
  recordGoodSync(
    host: string,
    repositories: StoredRepository[],
    outcome: Omit<SyncOutcome, 'status' | 'statusReason'>,
  ): Promise<void>;

  listOrgIntegrations(): Promise<StoredOrgIntegration[]>;
  saveOrgIntegration(org: StoredOrgIntegration): Promise<void>;

  saveTokenCheck(check: TokenCheck): Promise<void>;
  listTokenChecks(): Promise<TokenCheck[]>;

  listRepositories(host: string): Promise<StoredRepository[]>;
  countRepositories(): Promise<number>;
  findRepository(key: RepositoryKey): Promise<StoredRepository | undefined>;

  /** Replaces an org's targets. */
  replaceTargets(orgId: string, targets: SnykTarget[]): Promise<void>;
  /** Adds or replaces some of an org's targets, e.g. one just imported. */
  saveTargets(orgId: string, targets: SnykTarget[]): Promise<void>;
  findTarget(orgId: string, path: string): Promise<SnykTarget | undefined>;
  /** Every target's ids and name, without projects. */
  listTargetIds(): Promise<
    Array<{ orgId: string; targetId: string; displayName: string }>
  >;

  createImportJob(job: StoredImportJob): Promise<void>;
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
}
