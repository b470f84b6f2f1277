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

export interface GroupIntegration {
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
  groupStatus: IntegrationStatus;
  snykGroupId?: string;
  group?: GroupIntegration;
  orgs: OrgIntegration[];
  tokens: TokenCheck[];
  gitlabHosts: string[];
  repositoryCount?: number;
}

/** Everything one entity page needs, in one response. */
export interface EntityStatus {
  group?: GroupIntegration;
  org?: OrgIntegration;
  token?: TokenCheck;
  repository?: Repository;
  target?: SnykTarget;
  importJob?: ImportJob;
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
  /** The group-level integration's host, for slugs that carry no host. */
  defaultHost?: string;
  repositories: RepositoryIndexEntry[];
  /** Set when more repositories follow: pass it as `cursor` for the next page. */
  nextCursor?: string;
}

/** Body of `PUT /integrations/group`; missing catalog parts take the configured defaults. */
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
