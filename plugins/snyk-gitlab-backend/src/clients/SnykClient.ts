import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BrokerConnection,
  IssueCounts,
  OrgGitlabSettings,
  SnykTarget,
  sumIssueCounts,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import {
  ApiError,
  DEFAULT_RETRY,
  HttpClient,
  RetryOptions,
  nextPageOnApi,
} from './http';
import {
  integrationSettingsBody,
  readBrokerConnection,
  readIntegrationSettings,
} from './snykSettings';

export interface SnykImportJobInfo {
  id: string;
  /** Snyk's job status; `complete` says nothing of whether projects were made. */
  status: 'pending' | 'complete' | 'failed' | 'aborted';
  /** The projects the import made or failed to make, from the job's logs. */
  projects: Array<{
    projectId?: string;
    targetFile?: string;
    success: boolean;
  }>;
}

interface ImportJobJson {
  id: string;
  status: SnykImportJobInfo['status'];
  logs?: Array<{
    projects?: Array<{
      projectId?: string;
      projectUrl?: string;
      targetFile?: string;
      success?: boolean;
    }>;
  }>;
}

/** A log entry's project id; the last segment of its URL when Snyk gives none. */
function projectIdOf(p: { projectId?: string; projectUrl?: string }) {
  return p.projectId ?? p.projectUrl?.split('/').filter(Boolean).pop();
}

interface RestPage<T> {
  data: T[];
  /** Snyk's JSON:API links: a string, or an object with `href`. */
  links?: { next?: string | { href?: string } };
}

interface TargetJson {
  id: string;
  attributes: { display_name: string; url?: string | null };
  relationships?: {
    integration?: { data?: { attributes?: { integration_type?: string } } };
  };
}

interface ProjectJson {
  id: string;
  attributes: {
    name: string;
    type?: string;
    target_file?: string;
    target_reference?: string | null;
  };
  relationships?: { target?: { data?: { id: string } } };
  meta?: { latest_issue_counts?: Partial<IssueCounts> };
}

/** The version of `GET /orgs/{org_id}/brokers/connections` (GA since 2024-10-15). */
export const SNYK_BROKER_CONNECTIONS_VERSION = '2024-10-15';
/** Pages of 100 broker connections read at most; more are reported as truncated. */
export const MAX_BROKER_CONNECTION_PAGES = 10;

/** The Assets API is released only at beta stability (contract: `x-snyk-api-version`). */
export const SNYK_ASSETS_VERSION = '2024-10-15~beta';

/** A repository asset of a Snyk group's inventory, as the Assets API answers it. */
export interface SnykAssetInfo {
  id: string;
  name?: string;
  repositoryUrl?: string;
  browseUrl?: string;
  /** Snyk's `updated_at`: when Snyk last updated the asset (not "last seen"). */
  updatedAt?: string;
  /** Snyk's `repository_freshness` (Active, Inactive, Dormant, N/A). */
  repositoryFreshness?: string;
  /** Snyk's `app_context`: an object the contract leaves open. */
  appContext?: Record<string, unknown>;
  archived?: boolean;
  removed?: boolean;
}

interface AssetJson {
  id: string;
  type?: string;
  removed?: boolean;
  attributes?: {
    name?: string | null;
    repository_url?: string | null;
    browse_url?: string | null;
    updated_at?: string;
    repository_freshness?: string | null;
    app_context?: Record<string, unknown> | null;
    archived?: boolean;
  };
}

/**
 * The search body for a group's repository assets whose repository URL
 * starts with one of `urlPrefixes` (a GitLab host's `https://host/`), as the
 * contract's SearchObject defines it.
 */
export function repositoryAssetSearch(urlPrefixes: string[]) {
  const repository = {
    attribute: 'type',
    operator: 'equal',
    values: ['repository'],
  };
  if (urlPrefixes.length === 0) {
    return { query: { attributes: repository } };
  }
  return {
    query: {
      attributes: {
        operator: 'and',
        values: [
          repository,
          {
            operator: 'or',
            values: urlPrefixes.map(prefix => ({
              attribute: 'repository_url',
              operator: 'starts_with',
              values: [prefix],
            })),
          },
        ],
      },
    },
  };
}

const str = (value: unknown) =>
  typeof value === 'string' && value !== '' ? value : undefined;

const V1_TYPE = 'application/json';
const REST_TYPE = 'application/vnd.api+json';

/** Snyk v1 (integrations, import) and REST (self, targets, projects) client. */
export class SnykClient {
  private readonly http: HttpClient;

  constructor(
    private readonly apiBaseUrl: string,
    private readonly token: string,
    private readonly restVersion: string,
    logger: LoggerService,
    retry: RetryOptions = DEFAULT_RETRY,
    /** Every configured secret, redacted from errors: GitLab PATs travel in Snyk calls. */
    secrets: string[] = [],
    private readonly appUrl = 'https://app.snyk.io',
  ) {
    // A 429 without Retry-After pauses every Snyk call of this client (see HttpClient).
    this.http = new HttpClient('Snyk', logger, [token, ...secrets], retry, {
      pauseOnRateLimit: true,
    });
  }

  /** Until when Snyk is rate limiting this client's token, if it is. */
  rateLimitedUntil(): Date | undefined {
    return this.http.rateLimitedUntil();
  }

  private v1(path: string) {
    return `${this.apiBaseUrl}/v1${path}`;
  }

  private rest(pathAndQuery: string, version = this.restVersion) {
    const url = new URL(`${this.apiBaseUrl}/rest${pathAndQuery}`);
    url.searchParams.set('version', version);
    return url.toString();
  }

  private headers(type: string, body = false): Record<string, string> {
    return {
      Authorization: `token ${this.token}`,
      Accept: type,
      ...(body ? { 'Content-Type': type } : {}),
    };
  }

  /** GET /rest/self: is the token valid? */
  async self(): Promise<{ id: string; name?: string }> {
    const { body } = await this.http.json<{
      data: { id: string; attributes?: { name?: string } };
    }>({ url: this.rest('/self'), headers: this.headers(REST_TYPE) });
    return { id: body.data.id, name: body.data.attributes?.name };
  }

  /** The org's GitLab integration id, if one exists. */
  async findGitlabIntegration(orgId: string): Promise<string | undefined> {
    const { body } = await this.http.json<Record<string, string>>({
      url: this.v1(`/org/${encodeURIComponent(orgId)}/integrations`),
      headers: this.headers(V1_TYPE),
    });
    return body?.gitlab;
  }

  /**
   * Creates or updates the org's GitLab integration; returns its id. `url`
   * is sent only for a self-managed GitLab (Snyk assumes gitlab.com without).
   */
  async saveGitlabIntegration(
    orgId: string,
    gitlab: { token: string; url?: string },
  ): Promise<string> {
    const existing = await this.findGitlabIntegration(orgId);
    const org = encodeURIComponent(orgId);
    const { body } = await this.http.json<{ id: string }>({
      method: existing ? 'PUT' : 'POST',
      url: existing
        ? this.v1(`/org/${org}/integrations/${encodeURIComponent(existing)}`)
        : this.v1(`/org/${org}/integrations`),
      headers: this.headers(V1_TYPE, true),
      body: {
        type: 'gitlab',
        credentials: {
          token: gitlab.token,
          ...(gitlab.url ? { url: gitlab.url } : {}),
        },
      },
    });
    return body.id ?? existing;
  }

  /** Starts an import of a GitLab project; returns the job id from Location. */
  async importGitlabProject(
    orgId: string,
    integrationId: string,
    target: { id: number; branch?: string },
  ): Promise<string> {
    const res = await this.http.request({
      method: 'POST',
      url: this.v1(
        `/org/${encodeURIComponent(orgId)}/integrations/${encodeURIComponent(
          integrationId,
        )}/import`,
      ),
      headers: this.headers(V1_TYPE, true),
      body: { target },
    });
    const location = res.headers.get('location');
    const jobId = location?.split('/').filter(Boolean).pop();
    if (res.status !== 201 || !jobId) {
      throw new ApiError(
        'Snyk',
        res.status,
        'Snyk import answered without a job location',
      );
    }
    return jobId;
  }

  async getImportJob(
    orgId: string,
    integrationId: string,
    jobId: string,
  ): Promise<SnykImportJobInfo> {
    const { body } = await this.http.json<ImportJobJson>({
      url: this.v1(
        `/org/${encodeURIComponent(orgId)}/integrations/${encodeURIComponent(
          integrationId,
        )}/import/${encodeURIComponent(jobId)}`,
      ),
      headers: this.headers(V1_TYPE),
    });
    return {
      id: body.id,
      status: body.status,
      projects: (body.logs ?? []).flatMap(log =>
        (log.projects ?? []).map(p => ({
          projectId: projectIdOf(p),
          targetFile: p.targetFile || undefined,
          success: p.success === true,
        })),
      ),
    };
  }

  /** Polls a job until it is complete or failed. */
  async waitForImportJob(
    orgId: string,
    integrationId: string,
    jobId: string,
    options: { intervalMs?: number; maxPolls?: number } = {},
  ): Promise<SnykImportJobInfo> {
    const { intervalMs = 2000, maxPolls = 60 } = options;
    for (let poll = 1; ; poll++) {
      const job = await this.getImportJob(orgId, integrationId, jobId);
      if (job.status !== 'pending' || poll >= maxPolls) return job;
      await new Promise(resolve => setTimeout(resolve, intervalMs));
    }
  }

  private async *pages<T>(first: string): AsyncGenerator<T[]> {
    let url: string | undefined = first;
    while (url) {
      const res: { body: RestPage<T> } = await this.http.json<RestPage<T>>({
        url,
        headers: this.headers(REST_TYPE),
      });
      if (!Array.isArray(res.body?.data)) {
        throw new ApiError('Snyk', 200, 'Snyk REST answer has no data list');
      }
      yield res.body.data;
      const next = res.body.links?.next;
      const href = typeof next === 'string' ? next : next?.href;
      url = href ? this.resolveNext(href) : undefined;
    }
  }

  /**
   * links.next may be absolute, start with /rest, or be relative to /rest; it
   * is followed (with the token) only on the API's own origin.
   */
  private resolveNext(next: string) {
    const url = /^https?:\/\//i.test(next)
      ? next
      : `${this.apiBaseUrl}${next.startsWith('/rest/') ? '' : '/rest'}${next}`;
    return nextPageOnApi('Snyk', url, this.apiBaseUrl);
  }

  /**
   * GitLab targets of an org with their projects and latest issue counts;
   * with `displayName`, only that repository's target.
   */
  async listGitlabTargets(
    orgId: string,
    filter: { displayName?: string } = {},
  ): Promise<SnykTarget[]> {
    const org = encodeURIComponent(orgId);
    const targets = new Map<string, SnykTarget>();
    const targetsUrl = new URL(this.rest(`/orgs/${org}/targets`));
    targetsUrl.searchParams.set('limit', '100');
    targetsUrl.searchParams.set('source_types', 'gitlab');
    // Snyk hides targets without projects by default; the tab must still show
    // a repository whose import made none ("imported, zero projects").
    targetsUrl.searchParams.set('exclude_empty', 'false');
    if (filter.displayName) {
      targetsUrl.searchParams.set('display_name', filter.displayName);
    }
    for await (const page of this.pages<TargetJson>(targetsUrl.toString())) {
      for (const t of page) {
        const type =
          t.relationships?.integration?.data?.attributes?.integration_type;
        if (type && type !== 'gitlab') continue;
        targets.set(t.id, {
          orgId,
          targetId: t.id,
          displayName: t.attributes.display_name,
          url: t.attributes.url ?? undefined,
          projects: [],
          issueCounts: sumIssueCounts([]),
        });
      }
    }
    if (targets.size === 0) return [];
    const projectsUrl = new URL(this.rest(`/orgs/${org}/projects`));
    projectsUrl.searchParams.set('limit', '100');
    projectsUrl.searchParams.set('meta.latest_issue_counts', 'true');
    if (filter.displayName) {
      projectsUrl.searchParams.set('target_id', [...targets.keys()].join(','));
    }
    for await (const page of this.pages<ProjectJson>(projectsUrl.toString())) {
      for (const p of page) {
        const target = targets.get(p.relationships?.target?.data?.id ?? '');
        if (!target) continue;
        const c = p.meta?.latest_issue_counts ?? {};
        target.projects.push({
          id: p.id,
          name: p.attributes.name,
          type: p.attributes.type,
          targetFile: p.attributes.target_file || undefined,
          branch: p.attributes.target_reference ?? undefined,
          url: `${this.appUrl}/org/${org}/project/${p.id}`,
          issueCounts: {
            critical: c.critical ?? 0,
            high: c.high ?? 0,
            medium: c.medium ?? 0,
            low: c.low ?? 0,
          },
        });
      }
    }
    return [...targets.values()].map(t => ({
      ...t,
      issueCounts: sumIssueCounts(t.projects.map(p => p.issueCounts)),
    }));
  }

  /**
   * POST /groups/{group_id}/assets/search (beta): the group's repository
   * assets whose URL starts with one of `urlPrefixes`, every page (links.next,
   * with the same body). Only repository assets are kept, whatever Snyk sends.
   */
  async searchAssets(
    groupId: string,
    filter: { urlPrefixes?: string[]; signal?: AbortSignal } = {},
  ): Promise<SnykAssetInfo[]> {
    const body = repositoryAssetSearch(filter.urlPrefixes ?? []);
    const assets: SnykAssetInfo[] = [];
    let url: string | undefined = this.rest(
      `/groups/${encodeURIComponent(groupId)}/assets/search`,
      SNYK_ASSETS_VERSION,
    );
    while (url) {
      filter.signal?.throwIfAborted();
      const res: { body: RestPage<AssetJson> } = await this.http.json<
        RestPage<AssetJson>
      >({
        method: 'POST',
        url,
        headers: this.headers(REST_TYPE, true),
        body,
        // A search: safe to send again after a 5xx.
        idempotent: true,
        signal: filter.signal,
      });
      if (!Array.isArray(res.body?.data)) {
        throw new ApiError('Snyk', 200, 'Snyk REST answer has no data list');
      }
      for (const a of res.body.data) {
        if (a?.type !== 'repository' || typeof a.id !== 'string') continue;
        const at = a.attributes ?? {};
        assets.push({
          id: a.id,
          name: str(at.name),
          repositoryUrl: str(at.repository_url),
          browseUrl: str(at.browse_url),
          updatedAt: str(at.updated_at),
          repositoryFreshness: str(at.repository_freshness),
          appContext:
            at.app_context && typeof at.app_context === 'object'
              ? at.app_context
              : undefined,
          archived: at.archived === true || undefined,
          removed: a.removed === true || undefined,
        });
      }
      const next = res.body.links?.next;
      const href = typeof next === 'string' ? next : next?.href;
      url = href ? this.resolveNext(href) : undefined;
    }
    return assets;
  }

  private settingsUrl(orgId: string, integrationId: string) {
    return this.v1(
      `/org/${encodeURIComponent(orgId)}/integrations/${encodeURIComponent(
        integrationId,
      )}/settings`,
    );
  }

  /** v1 GET …/integrations/{integrationId}/settings: known fields of the right type. */
  async getIntegrationSettings(
    orgId: string,
    integrationId: string,
  ): Promise<OrgGitlabSettings> {
    const { body } = await this.http.json<unknown>({
      url: this.settingsUrl(orgId, integrationId),
      headers: this.headers(V1_TYPE),
    });
    return readIntegrationSettings(body);
  }

  /**
   * v1 PUT …/integrations/{integrationId}/settings with the fields given
   * (`pullRequestAssignment` as an object); answers every setting.
   */
  async updateIntegrationSettings(
    orgId: string,
    integrationId: string,
    settings: OrgGitlabSettings,
  ): Promise<OrgGitlabSettings> {
    const { body } = await this.http.json<unknown>({
      method: 'PUT',
      url: this.settingsUrl(orgId, integrationId),
      headers: this.headers(V1_TYPE, true),
      body: integrationSettingsBody(settings),
    });
    return readIntegrationSettings(body);
  }

  /**
   * REST GET /orgs/{org_id}/brokers/connections: the org's Universal Broker
   * connections, following links.next on the API's origin for at most
   * {@link MAX_BROKER_CONNECTION_PAGES} pages.
   */
  async listBrokerConnections(
    orgId: string,
  ): Promise<{ connections: BrokerConnection[]; truncated: boolean }> {
    const first = new URL(
      this.rest(
        `/orgs/${encodeURIComponent(orgId)}/brokers/connections`,
        SNYK_BROKER_CONNECTIONS_VERSION,
      ),
    );
    first.searchParams.set('limit', '100');
    const connections: BrokerConnection[] = [];
    let url: string | undefined = first.toString();
    for (let pages = 0; url; pages++) {
      if (pages === MAX_BROKER_CONNECTION_PAGES) {
        return { connections, truncated: true };
      }
      const res: { body: RestPage<unknown> } = await this.http.json<
        RestPage<unknown>
      >({ url, headers: this.headers(REST_TYPE) });
      if (!Array.isArray(res.body?.data)) {
        throw new ApiError('Snyk', 200, 'Snyk REST answer has no data list');
      }
      for (const raw of res.body.data) {
        const connection = readBrokerConnection(raw);
        if (connection) connections.push(connection);
      }
      const next = res.body.links?.next;
      const href = typeof next === 'string' ? next : next?.href;
      url = href ? this.resolveNext(href) : undefined;
    }
    return { connections, truncated: false };
  }
}
