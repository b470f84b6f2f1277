import type { GitlabProjectInfo } from './GitlabClient';
import { ApiError, HttpClient } from './http';

/** A file as GitLab's GraphQL API lists it: blob id and size in bytes. */
export interface ListedBlob {
  oid: string;
  size: number;
}

/** A project as listed, with its catalog file's blob when asked for. */
export interface ListedProject extends GitlabProjectInfo {
  /** null: no such file on the default branch; undefined: not asked. */
  catalogBlob?: ListedBlob | null;
}

/** This GitLab has no GraphQL API we can use (404 or unknown fields). */
export class GraphqlUnavailableError extends Error {}

/** GitLab refused the request as too complex or too large. */
class LimitError extends Error {
  constructor(
    message: string,
    readonly score?: number,
    readonly limit?: number,
  ) {
    super(message);
  }
}

/** GitLab refuses even one item, e.g. one blob over its data limit. */
class OneItemRefused extends ApiError {
  constructor(message: string) {
    super(
      'GitLab',
      200,
      `GitLab refused the request even for one item: ${message}`,
    );
  }
}

const LIMIT_MESSAGE =
  /complexity of (\d+), which exceeds max complexity of (\d+)|query too large|exceeds the limit|too large/i;
const UNAVAILABLE_MESSAGE = /doesn't exist on type|unknown argument/i;

/** Most projects per page GitLab serves. */
const MAX_PAGE = 100;
/** Blob text per request, well below GitLab's limit of about 20 MB. */
const MAX_TEXT_BYTES_PER_REQUEST = 8 * 1024 * 1024;

/** The listed catalog blob: null when the project has no such file. */
const listedBlob = (blob?: { oid: string; size?: string | null }) =>
  blob ? { oid: blob.oid, size: Number(blob.size ?? 0) } : null;

const numericId = (gid: string) => Number(/\/(\d+)$/.exec(gid)?.[1]);

interface ProjectNode {
  id: string;
  fullPath: string;
  repository?: {
    rootRef?: string | null;
    blobs?: { nodes?: Array<{ oid: string; size?: string | null }> } | null;
  } | null;
}

interface Connection {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  nodes?: Array<ProjectNode | null>;
}

const listingFields = (withBlobs: boolean) => `
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        fullPath
        repository {
          rootRef${
            withBlobs
              ? '\n          blobs(paths: $paths) { nodes { oid size } }'
              : ''
          }
        }
      }`;

const groupQuery = (withBlobs: boolean) => `
query($fullPath: ID!, $first: Int!, $after: String${
  withBlobs ? ', $paths: [String!]!' : ''
}) {
  group(fullPath: $fullPath) {
    projects(includeSubgroups: true, includeArchived: false, first: $first, after: $after) {${listingFields(
      withBlobs,
    )}
    }
  }
}`;

const membershipQuery = (withBlobs: boolean) => `
query($first: Int!, $after: String${withBlobs ? ', $paths: [String!]!' : ''}) {
  projects(membership: true, archived: EXCLUDE, first: $first, after: $after) {${listingFields(
    withBlobs,
  )}
  }
}`;

const textQuery = `
query($ids: [ID!], $first: Int!, $paths: [String!]!) {
  projects(ids: $ids, first: $first) {
    nodes { id repository { blobs(paths: $paths) { nodes { oid rawTextBlob } } } }
  }
}`;

/**
 * Reads GitLab's GraphQL API (`/api/graphql`): project listings with each
 * project's catalog blob id in the same page, and blob texts in batches.
 * Pages shrink when GitLab answers that a query is too complex or too large.
 */
export class GitlabGraphql {
  /** Projects per listing page; lowered for good after a refusal. */
  private listingPage = MAX_PAGE;
  private textPage = MAX_PAGE;

  constructor(
    private readonly http: HttpClient,
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  private async query<T>(
    query: string,
    variables: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<T> {
    let res;
    try {
      res = await this.http.json<{
        data?: T;
        errors?: Array<{ message?: string }>;
      }>({
        method: 'POST',
        url: this.url,
        headers: { ...this.headers, 'Content-Type': 'application/json' },
        body: { query, variables },
        idempotent: true,
        signal,
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new GraphqlUnavailableError('GitLab has no GraphQL API here');
      }
      throw error;
    }
    const messages = (res.body?.errors ?? []).map(e => String(e.message));
    const limit = messages.map(m => LIMIT_MESSAGE.exec(m)).find(Boolean);
    if (limit) {
      throw new LimitError(
        limit[0],
        limit[1] ? Number(limit[1]) : undefined,
        limit[2] ? Number(limit[2]) : undefined,
      );
    }
    if (messages.some(m => UNAVAILABLE_MESSAGE.test(m))) {
      throw new GraphqlUnavailableError(
        `GitLab's GraphQL API lacks what the sync reads: ${messages[0]}`,
      );
    }
    if (messages.length || !res.body?.data) {
      throw new ApiError(
        'GitLab',
        200,
        `GitLab GraphQL query failed: ${messages[0] ?? 'no data'}`.slice(
          0,
          500,
        ),
      );
    }
    return res.body.data;
  }

  /** Runs a paged query, shrinking the page until GitLab accepts it. */
  private async adaptive<T>(
    size: () => number,
    shrink: (next: number) => void,
    run: (first: number) => Promise<T>,
  ): Promise<T> {
    for (;;) {
      const first = size();
      try {
        return await run(first);
      } catch (error) {
        if (!(error instanceof LimitError)) throw error;
        if (first <= 1) throw new OneItemRefused(error.message);
        const byScore =
          error.score && error.limit
            ? Math.floor((first * error.limit * 0.9) / error.score)
            : Math.floor(first / 2);
        shrink(Math.max(1, Math.min(byScore, first - 1)));
      }
    }
  }

  /**
   * The non-archived projects of the groups (with subgroups, without
   * projects shared in from other namespaces), or the token's projects when
   * no group is given, with `catalogFile`'s blob when a name is given.
   */
  async *listProjects(
    groups: string[],
    webBaseUrl: string,
    catalogFile: string | undefined,
    signal?: AbortSignal,
  ): AsyncGenerator<ListedProject[]> {
    const withBlobs = catalogFile !== undefined;
    const seen = new Set<number>();
    for (const group of groups.length ? groups : [undefined]) {
      let after: string | null | undefined = null;
      do {
        const cursor = after;
        const connection: Connection = await this.adaptive(
          () => this.listingPage,
          next => {
            this.listingPage = next;
          },
          async first => {
            const variables = {
              first,
              after: cursor,
              ...(group ? { fullPath: group } : {}),
              ...(withBlobs ? { paths: [catalogFile] } : {}),
            };
            if (!group) {
              const data = await this.query<{ projects: Connection }>(
                membershipQuery(withBlobs),
                variables,
                signal,
              );
              return data.projects;
            }
            const data = await this.query<{
              group: { projects: Connection } | null;
            }>(groupQuery(withBlobs), variables, signal);
            if (!data.group) {
              throw new ApiError(
                'GitLab',
                404,
                `GitLab group ${group} was not found, or the token may not read it`,
              );
            }
            return data.group.projects;
          },
        );
        const page: ListedProject[] = [];
        for (const node of connection.nodes ?? []) {
          const id = node ? numericId(node.id) : NaN;
          if (!node || !Number.isSafeInteger(id) || seen.has(id)) continue;
          seen.add(id);
          const blob = node.repository?.blobs?.nodes?.[0];
          page.push({
            id,
            path: node.fullPath,
            defaultBranch: node.repository?.rootRef ?? undefined,
            webUrl: `${webBaseUrl.replace(/\/+$/, '')}/${node.fullPath}`,
            catalogBlob: withBlobs ? listedBlob(blob) : undefined,
          });
        }
        yield page;
        after = connection.pageInfo.hasNextPage
          ? connection.pageInfo.endCursor
          : undefined;
      } while (after);
    }
  }

  /**
   * The texts of one file in many projects (default branch), batched by
   * count and by the sizes the listing gave. A project whose file is gone is
   * absent from the answer.
   */
  async readTexts(
    projects: Array<{ id: number; size: number }>,
    filePath: string,
    signal?: AbortSignal,
  ): Promise<Map<number, { oid: string; text: string } | Error>> {
    const texts = new Map<number, { oid: string; text: string } | Error>();
    let rest = projects;
    while (rest.length) {
      let read: number;
      try {
        read = await this.readBatch(rest, filePath, texts, signal);
      } catch (error) {
        // One file GitLab will not serve is that repository's problem.
        if (!(error instanceof OneItemRefused)) throw error;
        texts.set(rest[0].id, error);
        read = 1;
      }
      rest = rest.slice(read);
    }
    return texts;
  }

  /** Reads one batch from the start of `rest`; how many it covered. */
  private readBatch(
    rest: Array<{ id: number; size: number }>,
    filePath: string,
    texts: Map<number, { oid: string; text: string } | Error>,
    signal?: AbortSignal,
  ): Promise<number> {
    return this.adaptive(
      () => this.textPage,
      next => {
        this.textPage = next;
      },
      async first => {
        let bytes = 0;
        let count = 0;
        while (
          count < Math.min(first, rest.length) &&
          (count === 0 ||
            bytes + rest[count].size <= MAX_TEXT_BYTES_PER_REQUEST)
        ) {
          bytes += rest[count].size;
          count += 1;
        }
        const batch = rest.slice(0, count);
        const data = await this.query<{
          projects: {
            nodes?: Array<{
              id: string;
              repository?: {
                blobs?: {
                  nodes?: Array<{ oid: string; rawTextBlob?: string | null }>;
                } | null;
              } | null;
            } | null>;
          };
        }>(
          textQuery,
          {
            ids: batch.map(p => `gid://gitlab/Project/${p.id}`),
            first: batch.length,
            paths: [filePath],
          },
          signal,
        );
        for (const node of data.projects.nodes ?? []) {
          const blob = node?.repository?.blobs?.nodes?.[0];
          if (node && blob && typeof blob.rawTextBlob === 'string') {
            texts.set(numericId(node.id), {
              oid: blob.oid,
              text: blob.rawTextBlob,
            });
          }
        }
        return count;
      },
    );
  }
}
