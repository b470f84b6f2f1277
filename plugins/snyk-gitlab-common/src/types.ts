import { CatalogAttribute } from './attributes';

export type IntegrationStatus =
  | 'not_configured'
  | 'partially_connected'
  | 'connected'
  | 'failed';

export type ImportJobStatus = 'pending' | 'complete' | 'failed';

/**
 * Where each selected attribute is read from: one field path, or several
 * tried in order (alternate names). Dotted keys are quoted: `"example.com".owner`.
 */
export type AttributeFields = Partial<Record<CatalogAttribute, string[]>>;

export interface CatalogOption {
  enabled: boolean;
  filename: string;
  attributes: AttributeFields;
}

/** A group-level profile: one per GitLab host of `integrations.gitlab`. */
export interface GroupIntegration {
  /** The profile's id: its GitLab host. */
  id: string;
  profileName: string;
  host: string;
  status: IntegrationStatus;
  statusReason?: string;
  catalog: CatalogOption;
  lastSyncAt?: string;
  lastGoodSyncAt?: string;
  nextSyncAt?: string;
  updatedAt: string;
  updatedBy?: string;
  /**
   * Where `status` comes from: Snyk's own inventory (the REST Assets API),
   * or, when Snyk's view is unavailable, the portal's own sync of GitLab.
   */
  statusSource?: GroupStatusSource;
  /** The portal's own sync of GitLab (its preview of what Snyk reads). */
  portalSyncStatus?: IntegrationStatus;
  /** Snyk's own view of the group level, read at each sync. */
  snykInventory?: SnykInventoryState;
  /** Repositories of the host in the portal's inventory (`GET /state` only). */
  repositoryCount?: number;
}

export type GroupStatusSource = 'snyk_inventory' | 'portal_sync';

/**
 * Whether the portal could read Snyk's inventory through the REST Assets API
 * (`POST /groups/{group_id}/assets/search`, beta).
 */
export type SnykInventoryAvailability =
  /** Read: `repositoryCount` says what Snyk's inventory holds for the host. */
  | 'available'
  /** No Snyk token, or no `snykGitlab.snyk.groupId`. */
  | 'not_configured'
  /** Snyk answered 403: the token may not read the group's assets. */
  | 'forbidden'
  /** Snyk answered 404: no such group, or the beta endpoint is not there. */
  | 'not_found'
  /** Any other failure; the last successful read, if any, is kept. */
  | 'failed';

/** Group-level facts of Snyk's own inventory for the integration's GitLab host. */
export interface SnykInventoryState {
  availability: SnykInventoryAvailability;
  /** The GitLab host whose repositories were looked for. */
  host: string;
  /** Left out for callers without `snyk-gitlab.integration.read`. */
  groupId?: string;
  /**
   * Repository assets from the host in Snyk's inventory at the last
   * successful read. Left out for callers without the read permission.
   */
  repositoryCount?: number;
  /** Why Snyk's view is unavailable, in words. */
  reason?: string;
  /** When the portal last asked Snyk. */
  checkedAt: string;
  /** When the portal last read Snyk's inventory successfully. */
  readAt?: string;
}

/** One repository as Snyk's inventory holds it (an asset of type `repository`). */
export interface SnykRepositoryAsset {
  assetId: string;
  name?: string;
  repositoryUrl?: string;
  /** A link to browse the repository, when it is on the GitLab host. */
  browseUrl?: string;
  /**
   * Snyk's `updated_at`: when Snyk last updated its record of the asset.
   * Snyk's API has no "last seen" time.
   */
  updatedAt?: string;
  /**
   * Snyk's `repository_freshness`: commit activity as Snyk judges it
   * (Active: commits in the last 3 months; Inactive: 3 to 6 months;
   * Dormant: none in 6 months; N/A: no commits found).
   */
  repositoryFreshness?: string;
  /** The catalog attributes Snyk holds for the asset (its `app_context`). */
  attributes: AttributeValues;
  archived?: boolean;
}

export interface OrgIntegration {
  orgId: string;
  orgName?: string;
  host: string;
  gitlabGroups: string[];
  status: IntegrationStatus;
  statusReason?: string;
  snykIntegrationId?: string;
  lastCheckedAt?: string;
  updatedAt?: string;
}

/** What we know of a GitLab token; never the token itself. */
export interface TokenCheck {
  host: string;
  configured: boolean;
  ok: boolean;
  name?: string;
  active?: boolean;
  revoked?: boolean;
  scopes: string[];
  /** What the group level lacks: one of these is needed (`api` or `read_api`). */
  missingScopes: string[];
  /** What the org level lacks (`api`), which Snyk needs to import with the token. */
  missingOrgScopes: string[];
  /** Scopes of Snyk's guide the token lacks: advice only. */
  missingRecommended: string[];
  expiresAt?: string;
  /** Set when the token expires within 30 days. */
  expiryWarning?: string;
  problem?: string;
  checkedAt?: string;
}

export type AttributeValues = Partial<Record<CatalogAttribute, string>>;

export interface CatalogFileState {
  filename: string;
  present: boolean;
  attributes: AttributeValues;
  problems: string[];
}

export interface Repository {
  host: string;
  projectId: number;
  path: string;
  defaultBranch?: string;
  webUrl: string;
  catalogFile: CatalogFileState;
  entityRefs: string[];
  syncedAt: string;
}

export interface IssueCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
}

/** Adds issue counts severity by severity, e.g. a target's projects. */
export function sumIssueCounts(counts: IssueCounts[]): IssueCounts {
  return counts.reduce(
    (a, c) => ({
      critical: a.critical + c.critical,
      high: a.high + c.high,
      medium: a.medium + c.medium,
      low: a.low + c.low,
    }),
    { critical: 0, high: 0, medium: 0, low: 0 },
  );
}

export interface SnykProject {
  id: string;
  name: string;
  type?: string;
  targetFile?: string;
  branch?: string;
  url: string;
  issueCounts: IssueCounts;
}

export interface SnykTarget {
  orgId: string;
  targetId: string;
  displayName: string;
  url?: string;
  projects: SnykProject[];
  issueCounts: IssueCounts;
}

export interface ImportJob {
  id: string;
  orgId: string;
  host: string;
  projectId: number;
  path: string;
  status: ImportJobStatus;
  error?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface IntegrationState {
  snykConfigured: boolean;
  /**
   * Whether the caller has `snyk-gitlab.integration.read`. Without it only
   * `snykConfigured` and `groupStatus` are filled in; the lists are empty.
   */
  readable: boolean;
  /**
   * All group-level profiles together: not configured without any; failed
   * when any failed; connected when all are; else partially connected.
   */
  groupStatus: IntegrationStatus;
  snykGroupId?: string;
  /** The group-level profiles, one per GitLab host, by profile name. */
  groups: GroupIntegration[];
  /** @deprecated The first of `groups`; there may be several profiles. */
  group?: GroupIntegration;
  orgs: OrgIntegration[];
  tokens: TokenCheck[];
  gitlabHosts: string[];
  /** Repositories in the portal's inventory, all profiles together. */
  repositoryCount?: number;
}

/** Everything one entity page needs, in one response. */
export interface EntityStatus {
  /** The profile of the entity's GitLab host, if that host has one. */
  group?: GroupIntegration;
  org?: OrgIntegration;
  token?: TokenCheck;
  repository?: Repository;
  target?: SnykTarget;
  importJob?: ImportJob;
  /**
   * This repository in Snyk's own inventory, when Snyk's inventory could be
   * read (`group.snykInventory`) and holds it; absent otherwise.
   */
  snykAsset?: SnykRepositoryAsset;
}

/** One inventoried repository as the catalog module indexes it. */
export interface RepositoryIndexEntry {
  host: string;
  projectId: number;
  path: string;
  /** The Snyk org configured for this repository. */
  orgId?: string;
  /** Set once the repository is imported into that org. */
  targetId?: string;
}

export interface RepositoryIndex {
  /**
   * The host for slugs that carry no host: the only profile's, or with
   * several the first profile's in `integrations.gitlab` order.
   */
  defaultHost?: string;
  repositories: RepositoryIndexEntry[];
  /** Set when more repositories follow: pass it as `cursor` for the next page. */
  nextCursor?: string;
}

/**
 * Body of `PUT /integrations/group`: creates or replaces the profile of
 * `host`; missing catalog parts take the configured defaults.
 */
export interface GroupIntegrationInput {
  profileName: string;
  host: string;
  catalog?: Partial<CatalogOption>;
}

/**
 * How `GET /entity-status` finds a repository: by a catalog entity the caller
 * may read (its GitLab annotations), or, with `snyk-gitlab.integration.read`,
 * by project id or path on a host.
 */
export interface EntityStatusQuery {
  entityRef?: string;
  host?: string;
  projectSlug?: string;
  projectId?: number;
}

/**
 * Body of `POST /imports`: a catalog entity's repository (needs
 * `snyk-gitlab.repository.import` on the entity), or a repository by id or
 * path (needs `snyk-gitlab.integration.manage`).
 */
export interface ImportRequest {
  entityRef?: string;
  host?: string;
  projectId?: number;
  path?: string;
  orgId?: string;
}
