import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  BulkImportRequest,
  BulkImportRetryRequest,
  EntityStatusQuery,
  GroupIntegrationInput,
  ImportRequest,
  InventoryQuery,
  OrgGitlabSettings,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { BulkImportQuery, SnykGitlabApi } from './SnykGitlabApi';

type Result<K extends keyof SnykGitlabApi> = Awaited<
  ReturnType<SnykGitlabApi[K]>
>;

/** A query string of the defined values; lists are comma-separated. */
function queryString(query: object) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Talks to the snyk-gitlab backend through Backstage's discovery and fetch APIs. */
export class SnykGitlabClient implements SnykGitlabApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async request(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<Response> {
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
    return res;
  }

  private async call<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
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

  getInventory(query: InventoryQuery) {
    return this.call<Result<'getInventory'>>(`/inventory${queryString(query)}`);
  }

  async exportInventoryCsv(query: InventoryQuery) {
    const { host, filter, q, sort, order } = query;
    const res = await this.request(
      `/inventory/export.csv${queryString({ host, filter, q, sort, order })}`,
    );
    return res.blob();
  }

  startBulkImport(request: BulkImportRequest) {
    return this.call<Result<'startBulkImport'>>('/imports/bulk', {
      method: 'POST',
      body: request,
    });
  }

  getBulkImport(query: BulkImportQuery) {
    return this.call<Result<'getBulkImport'>>(
      `/imports/bulk${queryString(query)}`,
    );
  }

  retryBulkImport(request: BulkImportRetryRequest) {
    return this.call<Result<'retryBulkImport'>>('/imports/bulk/retry', {
      method: 'POST',
      body: request,
    });
  }

  getOrgSettings(orgId: string) {
    return this.call<Result<'getOrgSettings'>>(
      `/integrations/orgs/${encodeURIComponent(orgId)}/settings`,
    );
  }

  saveOrgSettings(orgId: string, settings: OrgGitlabSettings) {
    return this.call<Result<'saveOrgSettings'>>(
      `/integrations/orgs/${encodeURIComponent(orgId)}/settings`,
      { method: 'PUT', body: settings },
    );
  }

  getBrokerConnections(orgId: string) {
    return this.call<Result<'getBrokerConnections'>>(
      `/integrations/orgs/${encodeURIComponent(orgId)}/broker-connections`,
    );
  }
}
