import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export interface GitlabToken {
  token: string;
  name: string;
  scopes: string[];
  active?: boolean;
  revoked?: boolean;
  /** ISO date (YYYY-MM-DD) or absent for no expiry. */
  expiresAt?: string;
}

export interface GitlabProject {
  id: number;
  /** path_with_namespace, e.g. `acme/payments/api`. */
  path: string;
  defaultBranch: string;
  lastActivityAt: string;
  archived?: boolean;
  /**
   * Paths of groups this project is shared into from its own namespace
   * (GitLab's "share project with group"). `GET /groups/:id/projects` lists
   * it there unless the call sends `with_shared=false`.
   */
  sharedWithGroups?: string[];
  /** File path → content on the default branch. */
  files: Record<string, string>;
}

export interface GitlabGroup {
  id: number;
  path: string;
}

export interface IssueCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
}

export interface SnykProject {
  id: string;
  name: string;
  type: string;
  targetFile: string;
  branch: string;
  issueCounts: IssueCounts;
}

export interface SnykTarget {
  id: string;
  displayName: string;
  url: string;
  integrationType: string;
  projects: SnykProject[];
}

export interface SnykImportJob {
  id: string;
  integrationId: string;
  status: 'pending' | 'complete' | 'failed';
  polls: number;
  created: string;
  gitlabProjectId: number;
  branch?: string;
}

export interface SnykOrg {
  id: string;
  name: string;
  slug: string;
  /** Integration type → integration id. */
  integrations: Record<string, string>;
  /** Integration id → credentials last saved (kept to check imports). */
  credentials: Record<string, { token: string; url?: string }>;
  targets: SnykTarget[];
  jobs: SnykImportJob[];
  /** Integration id → the settings saved for it; Snyk's defaults fill the rest. */
  integrationSettings: Record<string, Record<string, unknown>>;
  /** The org's Universal Broker connections (REST `brokers/connections`). */
  brokerConnections: SnykBrokerConnection[];
}

/** A Universal Broker connection, as Snyk lists it: no integration id. */
export interface SnykBrokerConnection {
  id: string;
  name: string;
  connectionType: string;
  deploymentId: string;
  context?: string;
}

/**
 * One repository in a Snyk group's inventory (an asset of type `repository`),
 * as Snyk's group-level integration synced it from GitLab.
 */
export interface SnykAsset {
  /** A UUID, as Snyk's. */
  id: string;
  /** The GitLab project's path_with_namespace. */
  path: string;
  /** The GitLab host; the GitLab stand-in's own when absent. */
  host?: string;
  /** Snyk's `updated_at`: when Snyk last updated the asset. */
  updatedAt: string;
  /** Snyk's words: Active, Inactive, Dormant or N/A. */
  repositoryFreshness?: string;
  /**
   * The catalog attributes Snyk pulled from the catalog file, answered as
   * the asset's `app_context` (the contract leaves its shape open): keys
   * category, owner, lifecycle, application, catalog_name, title.
   */
  appContext?: Record<string, string>;
  archived?: boolean;
}

/** A Snyk group and its inventory (the REST Assets API, beta). */
export interface SnykGroup {
  id: string;
  name: string;
  /** Snyk tokens that may read the group's assets; any other gets 403. */
  tokens: string[];
  assets: SnykAsset[];
  /** Assets per page of a search answer. */
  pageSize?: number;
}

/** How the GitLab stand-in's `/api/graphql` behaves. */
export interface GitlabGraphqlSettings {
  /** False models a GitLab that has no GraphQL API for us (404). */
  enabled: boolean;
  complexity: 'gitlab' | 'strict';
  /** 250 for authenticated requests on GitLab.com. */
  maxComplexity: number;
  /** Blob text one request may carry (about 20 MB on GitLab). */
  maxBlobBytes: number;
}

export interface World {
  gitlab: {
    tokens: GitlabToken[];
    groups: GitlabGroup[];
    projects: GitlabProject[];
    graphql: GitlabGraphqlSettings;
  };
  snyk: {
    tokens: string[];
    orgs: SnykOrg[];
    /** Snyk groups with their inventory (Snyk Essentials). */
    groups: SnykGroup[];
    /** How many polls a job stays pending before it completes. */
    importPollsUntilComplete: number;
  };
}

interface WorldFile {
  gitlab?: {
    graphql?: Partial<GitlabGraphqlSettings>;
    tokens?: GitlabToken[];
    groups?: GitlabGroup[];
    projects?: Array<
      Omit<GitlabProject, 'files'> & { files?: Record<string, string> }
    >;
  };
  snyk?: {
    tokens?: string[];
    importPollsUntilComplete?: number;
    orgs?: Array<Partial<SnykOrg> & { id: string; name: string }>;
    groups?: Array<
      Partial<Omit<SnykGroup, 'assets'>> & {
        id: string;
        name: string;
        assets?: Array<Partial<SnykAsset> & { path: string }>;
        /**
         * Snyk's group-level integration has already synced the GitLab
         * projects: the inventory is filled from them at load (as of this date).
         */
        syncedFromGitlabAt?: string;
      }
    >;
  };
}

/** The namespace a project or group path sits in: `acme/team/web` → `acme/team`. */
export function namespaceOf(fullPath: string): string {
  return fullPath.split('/').slice(0, -1).join('/');
}

/** Whether a namespace is the group or, with `subgroups`, one below it. */
export function inGroup(
  namespace: string,
  group: string,
  subgroups: boolean,
): boolean {
  return (
    namespace === group || (subgroups && namespace.startsWith(`${group}/`))
  );
}

/** A file's blob id as Git computes it: sha1 of `blob <bytes>\0<content>`. */
export function blobId(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return crypto
    .createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/**
 * Commits a file on a project's default branch. Like GitLab, which moves
 * `last_activity_at` at most once an hour, the timestamp stays unless
 * `touchActivity` says otherwise.
 */
export function editFile(
  project: GitlabProject,
  filePath: string,
  content: string | undefined,
  options: { touchActivity?: string } = {},
): void {
  if (content === undefined) delete project.files[filePath];
  else project.files[filePath] = content;
  if (options.touchActivity) project.lastActivityAt = options.touchActivity;
}

/** An empty world, or one built from a partial description. */
export function createWorld(description: WorldFile = {}): World {
  return {
    gitlab: {
      tokens: description.gitlab?.tokens ?? [],
      groups: description.gitlab?.groups ?? [],
      projects: (description.gitlab?.projects ?? []).map(p => ({
        ...p,
        files: p.files ?? {},
      })),
      graphql: {
        enabled: true,
        complexity: 'gitlab',
        maxComplexity: 250,
        maxBlobBytes: 20 * 1024 * 1024,
        ...description.gitlab?.graphql,
      },
    },
    snyk: {
      tokens: description.snyk?.tokens ?? [],
      importPollsUntilComplete: description.snyk?.importPollsUntilComplete ?? 1,
      orgs: (description.snyk?.orgs ?? []).map(o => ({
        slug: o.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        integrations: {},
        credentials: {},
        targets: [],
        jobs: [],
        integrationSettings: {},
        brokerConnections: [],
        ...o,
      })),
      groups: (description.snyk?.groups ?? []).map(g => ({
        id: g.id,
        name: g.name,
        tokens: g.tokens ?? description.snyk?.tokens ?? [],
        pageSize: g.pageSize,
        assets: (g.assets ?? []).map(a => ({
          id: a.id ?? assetId(g.id, a.host, a.path),
          updatedAt: a.updatedAt ?? '2026-11-01T00:00:00Z',
          ...a,
        })),
      })),
    },
  };
}

/** A stable UUID-shaped id for an asset. */
function assetId(
  groupId: string,
  host: string | undefined,
  projectPath: string,
) {
  const h = crypto
    .createHash('sha256')
    .update(`${groupId}|${host ?? ''}|${projectPath}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

const DAY_MS = 86_400_000;

/** Snyk's repository freshness: commits in the last 3 months, 3 to 6, or older. */
export function repositoryFreshness(lastActivityAt: string, at: string) {
  const age = Date.parse(at) - Date.parse(lastActivityAt);
  if (!Number.isFinite(age)) return 'N/A';
  if (age <= 91 * DAY_MS) return 'Active';
  if (age <= 182 * DAY_MS) return 'Inactive';
  return 'Dormant';
}

/** Snyk's default field of each catalog attribute, keyed as `appContext`. */
const SNYK_CATALOG_FIELDS: Record<string, [string, string]> = {
  category: ['spec', 'type'],
  owner: ['spec', 'owner'],
  lifecycle: ['spec', 'lifecycle'],
  application: ['spec', 'system'],
  catalog_name: ['metadata', 'name'],
  title: ['metadata', 'title'],
};

function catalogAttributes(text: string | undefined) {
  if (text === undefined) return undefined;
  let doc: any;
  try {
    doc = YAML.parse(text);
  } catch {
    return undefined;
  }
  const attributes: Record<string, string> = {};
  for (const [key, [part, field]] of Object.entries(SNYK_CATALOG_FIELDS)) {
    const value = doc?.[part]?.[field];
    if (typeof value === 'string') attributes[key] = value;
  }
  return attributes;
}

/**
 * Snyk's group-level integration synchronizes: the group's inventory gets
 * (or updates) an asset for each GitLab stand-in project (or only `paths`),
 * with the attributes of its `catalog-info.yaml` read from Snyk's default
 * fields, `updated_at` = `at`, and the freshness of its last activity.
 */
export function syncSnykInventory(
  world: World,
  groupId: string,
  options: { at?: string; paths?: string[]; catalogFilename?: string } = {},
): SnykGroup {
  const group = world.snyk.groups.find(g => g.id === groupId);
  if (!group) throw new Error(`No Snyk group ${groupId} in the world`);
  const at = options.at ?? new Date().toISOString();
  const filename = options.catalogFilename ?? 'catalog-info.yaml';
  for (const project of world.gitlab.projects) {
    if (options.paths && !options.paths.includes(project.path)) continue;
    const fields = {
      updatedAt: at,
      repositoryFreshness: repositoryFreshness(project.lastActivityAt, at),
      appContext: catalogAttributes(project.files[filename]),
      archived: project.archived,
    };
    const existing = group.assets.find(
      a => a.host === undefined && a.path === project.path,
    );
    if (existing) Object.assign(existing, fields);
    else {
      group.assets.push({
        id: assetId(group.id, undefined, project.path),
        path: project.path,
        ...fields,
      });
    }
  }
  return group;
}

function readFilesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!fs.existsSync(dir)) {
    return files;
  }
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, entry);
    if (fs.statSync(full).isFile()) {
      files[entry.split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  }
  return files;
}

/**
 * Loads a world from a fixture directory: `world.yaml` describes tokens,
 * groups, projects and orgs; `repos/<project path>/…` holds each project's files.
 */
export function loadWorld(dir: string): World {
  const description = YAML.parse(
    fs.readFileSync(path.join(dir, 'world.yaml'), 'utf8'),
  ) as WorldFile;
  const world = createWorld(description);
  for (const project of world.gitlab.projects) {
    Object.assign(
      project.files,
      readFilesUnder(path.join(dir, 'repos', project.path)),
    );
  }
  for (const group of description.snyk?.groups ?? []) {
    if (group.syncedFromGitlabAt) {
      syncSnykInventory(world, group.id, { at: group.syncedFromGitlabAt });
    }
  }
  return world;
}
