import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityStatusQuery,
  GroupIntegrationInput,
  ImportRequest,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { SnykGitlabApi } from './SnykGitlabApi';

/** Talks to the snyk-gitlab backend through Backstage's discovery and fetch APIs. */
export class SnykGitlabClient implements SnykGitlabApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('snyk-gitlab');
    const res = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      headers:
        init?.body === undefined
          ? undefined
          : { 'Content-Type': 'application/json' },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  getState() {
    return this.call<Awaited<ReturnType<SnykGitlabApi['getState']>>>('/state');
  }

  getEntityStatus(query: EntityStatusQuery) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    return this.call<Awaited<ReturnType<SnykGitlabApi['getEntityStatus']>>>(
      `/entity-status?${params}`,
    );
  }

  saveGroupIntegration(input: GroupIntegrationInput) {
    return this.call<
      Awaited<ReturnType<SnykGitlabApi['saveGroupIntegration']>>
    >('/integrations/group', {
      method: 'PUT',
      body: input,
    });
  }

  saveOrgIntegration(orgId: string) {
    return this.call<Awaited<ReturnType<SnykGitlabApi['saveOrgIntegration']>>>(
      `/integrations/orgs/${encodeURIComponent(orgId)}`,
      { method: 'PUT' },
    );
  }

  async triggerSync() {
    await this.call('/sync', { method: 'POST' });
  }

  importRepository(request: ImportRequest) {
    return this.call<Awaited<ReturnType<SnykGitlabApi['importRepository']>>>(
      '/imports',
      {
        method: 'POST',
        body: request,
      },
    );
  }

  getImportJob(id: string, entityRef?: string) {
    const query = entityRef
      ? `?${new URLSearchParams({ entityRef }).toString()}`
      : '';
    return this.call<Awaited<ReturnType<SnykGitlabApi['getImportJob']>>>(
      `/imports/${encodeURIComponent(id)}${query}`,
    );
  }
}
