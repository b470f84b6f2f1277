import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  RepositoryIndex,
  RepositoryIndexEntry,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { RepositoryIndexCache } from './RepositoryIndexCache';

const PAGE_SIZE = 5000;

/**
 * Loads the repository index from the snyk-gitlab backend page by page, and
 * swaps it in only once every page arrived.
 */
export class IndexLoader {
  private running?: Promise<void>;

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
      cache: RepositoryIndexCache;
    },
  ) {}

  /** Loads the index; a call while a load runs waits for that load. Never throws. */
  refresh(): Promise<void> {
    this.running ??= this.load().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async load() {
    const { logger, cache } = this.deps;
    try {
      cache.replace(await this.fetchAll());
      logger.info(`Snyk GitLab index loaded: ${cache.size} repositories`);
    } catch (error) {
      // The last index stays in use.
      logger.warn(
        `Could not load the Snyk GitLab index: ${(error as Error).message}`,
      );
    }
  }

  private async fetchAll(): Promise<RepositoryIndex> {
    const { auth, discovery } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'snyk-gitlab',
    });
    const baseUrl = await discovery.getBaseUrl('snyk-gitlab');
    const repositories: RepositoryIndexEntry[] = [];
    const seen = new Set<string>();
    let defaultHost: string | undefined;
    let cursor: string | undefined;
    for (let first = true; ; first = false) {
      const url = new URL(`${baseUrl}/index`);
      url.searchParams.set('limit', String(PAGE_SIZE));
      if (cursor) url.searchParams.set('cursor', cursor);
      const res = await fetch(url, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw await ResponseError.fromResponse(res);
      const page = (await res.json()) as RepositoryIndex;
      if (!Array.isArray(page?.repositories)) {
        throw new Error('a page of the index has no repositories list');
      }
      if (first) defaultHost = page.defaultHost;
      else if (page.defaultHost !== defaultHost) {
        throw new Error('the group host changed while the index was read');
      }
      for (const entry of page.repositories) repositories.push(entry);
      if (!page.nextCursor) return { defaultHost, repositories };
      if (seen.has(page.nextCursor)) {
        throw new Error('the backend answered a cursor it gave before');
      }
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }
}
