import { LoggerService } from '@backstage/backend-plugin-api';
import { MAX_CATALOG_FILE_BYTES } from '../catalog/parseCatalogFile';
import { GitlabGraphql } from './GitlabGraphql';
import {
  ApiError,
  DEFAULT_RETRY,
  HttpClient,
  RetryOptions,
  nextPageOnApi,
} from './http';

export interface GitlabProjectInfo {
  id: number;
  path: string;
  defaultBranch?: string;
  webUrl: string;
  lastActivityAt?: string;
}

export interface PatInfo {
  name: string;
  active: boolean;
  revoked: boolean;
  scopes: string[];
  expiresAt?: string;
}

interface ProjectJson {
  id: number;
  path_with_namespace: string;
  default_branch?: string | null;
  web_url: string;
  last_activity_at?: string;
  archived?: boolean;
}

/** The next-page URL from a `Link` header. */
export function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

/** GitLab REST API v4 client authenticated with a personal access token. */
export class GitlabClient {
  private readonly http: HttpClient;
  /** The GraphQL API of the same GitLab (`/api/graphql`). */
  readonly graphql: GitlabGraphql;

  constructor(
    private readonly apiBaseUrl: string,
    private readonly token: string,
    logger: LoggerService,
    retry: RetryOptions = DEFAULT_RETRY,
    /** Every configured secret, redacted from errors (always this token). */
    secrets: string[] = [],
  ) {
    this.http = new HttpClient('GitLab', logger, [token, ...secrets], retry);
    this.graphql = new GitlabGraphql(
      this.http,
      new URL('../graphql', `${apiBaseUrl.replace(/\/+$/, '')}/`).toString(),
      { Authorization: `Bearer ${token}` },
    );
  }

  private get headers() {
    return { 'PRIVATE-TOKEN': this.token, Accept: 'application/json' };
  }

  private url(path: string) {
    return `${this.apiBaseUrl.replace(/\/+$/, '')}${path}`;
  }

  /** GET /personal_access_tokens/self. A 401 means unknown, revoked or expired. */
  async checkToken(): Promise<PatInfo> {
    const { body } = await this.http.json<{
      name: string;
      active?: boolean;
      revoked?: boolean;
      scopes?: string[];
      expires_at?: string | null;
    }>({
      url: this.url('/personal_access_tokens/self'),
      headers: this.headers,
    });
    const scopes = body.scopes ?? [];
    return {
      name: body.name,
      active: body.active !== false,
      revoked: Boolean(body.revoked),
      scopes,
      expiresAt: body.expires_at ?? undefined,
    };
  }

  /**
   * All non-archived projects of the given groups (with subgroups, without
   * projects shared in from other namespaces), or all the
   * token's projects when no group is given; follows `Link: rel="next"`.
   */
  async *listProjects(
    groups: string[] = [],
    signal?: AbortSignal,
  ): AsyncGenerator<GitlabProjectInfo[]> {
    const firstPages = groups.length
      ? groups.map(g =>
          this.url(
            `/groups/${encodeURIComponent(
              g,
            )}/projects?include_subgroups=true&with_shared=false&archived=false&per_page=100&order_by=id&sort=asc`,
          ),
        )
      : [
          this.url(
            '/projects?membership=true&archived=false&per_page=100&pagination=keyset&order_by=id&sort=asc',
          ),
        ];
    const seen = new Set<number>();
    for (const first of firstPages) {
      let url: string | undefined = first;
      while (url) {
        const res: { headers: Headers; body: ProjectJson[] } =
          await this.http.json<ProjectJson[]>({
            url,
            headers: this.headers,
            signal,
          });
        if (!Array.isArray(res.body)) {
          throw new ApiError(
            'GitLab',
            200,
            'GitLab project listing is not a list',
          );
        }
        const page = res.body
          .filter(p => !p.archived && !seen.has(p.id))
          .map(p => {
            seen.add(p.id);
            return {
              id: p.id,
              path: p.path_with_namespace,
              defaultBranch: p.default_branch ?? undefined,
              webUrl: p.web_url,
              lastActivityAt: p.last_activity_at,
            };
          });
        yield page;
        const next = nextLink(res.headers.get('link'));
        url = next && nextPageOnApi('GitLab', next, this.apiBaseUrl);
      }
    }
  }

  /**
   * A file's raw content on a branch, or undefined when there is no such
   * file. A file over the catalog size cap fails with `tooLarge`, unread.
   */
  async readFile(
    projectId: number,
    filePath: string,
    ref: string,
    signal?: AbortSignal,
  ) {
    const res = await this.http.request({
      url: this.url(
        `/projects/${projectId}/repository/files/${encodeURIComponent(
          filePath,
        )}/raw?ref=${encodeURIComponent(ref)}`,
      ),
      headers: { 'PRIVATE-TOKEN': this.token },
      accept: [404],
      maxBytes: MAX_CATALOG_FILE_BYTES,
      signal,
    });
    return res.status === 404 ? undefined : res.text;
  }

  /**
   * A file's blob id on a branch from `HEAD .../files/:path` (the
   * `X-Gitlab-Blob-Id` header), or null when there is no such file.
   */
  async fileBlobId(
    projectId: number,
    filePath: string,
    ref: string,
    signal?: AbortSignal,
  ): Promise<{ oid: string; size: number } | null> {
    const res = await this.http.request({
      method: 'HEAD',
      url: this.url(
        `/projects/${projectId}/repository/files/${encodeURIComponent(
          filePath,
        )}?ref=${encodeURIComponent(ref)}`,
      ),
      headers: { 'PRIVATE-TOKEN': this.token },
      accept: [404],
      signal,
    });
    const oid = res.headers.get('x-gitlab-blob-id');
    if (res.status === 404) return null;
    if (!oid) {
      throw new ApiError('GitLab', res.status, 'GitLab answered no blob id');
    }
    return { oid, size: Number(res.headers.get('x-gitlab-size') ?? 0) };
  }
}
