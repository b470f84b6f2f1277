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
}

export interface World {
  gitlab: {
    tokens: GitlabToken[];
    groups: GitlabGroup[];
    projects: GitlabProject[];
  };
  snyk: {
    tokens: string[];
    orgs: SnykOrg[];
    /** How many polls a job stays pending before it completes. */
    importPollsUntilComplete: number;
  };
}

interface WorldFile {
  gitlab?: {
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
  };
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
        ...o,
      })),
    },
  };
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
  return world;
}
