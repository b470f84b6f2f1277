import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { RepositoryIndex } from '@internal/plugin-snyk-gitlab-common';
import { RepositoryIndexCache } from './RepositoryIndexCache';

/** Loads the whole repository index from the snyk-gitlab backend in one call. */
export class IndexLoader {
  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
      cache: RepositoryIndexCache;
    },
  ) {}

  async refresh(): Promise<void> {
    const { auth, discovery, logger, cache } = this.deps;
    try {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'snyk-gitlab',
      });
      const res = await fetch(
        `${await discovery.getBaseUrl('snyk-gitlab')}/index`,
        {
          headers: { Authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(30_000),
        },
      );
      if (!res.ok) throw await ResponseError.fromResponse(res);
      cache.replace((await res.json()) as RepositoryIndex);
      logger.info(`Snyk GitLab index loaded: ${cache.size} repositories`);
    } catch (error) {
      // The last index stays in use.
      logger.warn(
        `Could not load the Snyk GitLab index: ${(error as Error).message}`,
      );
    }
  }
}
