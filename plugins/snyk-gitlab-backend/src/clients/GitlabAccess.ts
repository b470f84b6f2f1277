import { LoggerService } from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { GitlabClient } from './GitlabClient';
import { DEFAULT_RETRY, RetryOptions } from './http';

export interface GitlabHostAccess {
  host: string;
  /** Web base URL, e.g. https://gitlab.com; what Snyk is given as the integration URL. */
  baseUrl: string;
  client: GitlabClient;
  /** Only for registering the integration in Snyk; never logged or returned. */
  token: string;
}

/** GitLab hosts and tokens from Backstage's `integrations.gitlab` config. */
export class GitlabAccess {
  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly logger: LoggerService,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
    /** Other secrets to redact, e.g. the Snyk token. */
    private readonly extraSecrets: string[] = [],
  ) {}

  /** Every configured GitLab token, to redact from any error. */
  tokens(): string[] {
    return this.integrations.gitlab
      .list()
      .map(i => i.config.token)
      .filter((t): t is string => Boolean(t));
  }

  hosts(): string[] {
    return this.integrations.gitlab.list().map(i => i.config.host);
  }

  isConfigured(host: string): boolean {
    return this.hosts().includes(host);
  }

  hasToken(host: string): boolean {
    return Boolean(this.integrations.gitlab.byHost(host)?.config.token);
  }

  forHost(host: string): GitlabHostAccess | undefined {
    const integration = this.integrations.gitlab.byHost(host);
    const token = integration?.config.token;
    if (!integration || !token) return undefined;
    const { apiBaseUrl, baseUrl } = integration.config;
    return {
      host,
      baseUrl,
      token,
      client: new GitlabClient(apiBaseUrl, token, this.logger, this.retry, [
        ...this.tokens(),
        ...this.extraSecrets,
      ]),
    };
  }
}
