import { Entity } from '@backstage/catalog-model';
import {
  EntityStatus,
  GroupIntegration,
  IntegrationState,
  OrgIntegration,
  TokenCheck,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { SnykGitlabApi } from '../api/SnykGitlabApi';

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    annotations: { 'gitlab.com/project-slug': 'acme/payments/checkout-api' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

export const token: TokenCheck = {
  host: 'gitlab.com',
  configured: true,
  ok: true,
  name: 'snyk',
  scopes: ['api', 'read_api', 'read_repository'],
  missingScopes: [],
  missingOrgScopes: [],
  missingRecommended: [],
  expiresAt: '2027-06-30',
  checkedAt: '2026-11-24T10:00:00Z',
};

export const group: GroupIntegration = {
  id: 'gitlab.com',
  profileName: 'Acme GitLab',
  host: 'gitlab.com',
  status: 'connected',
  catalog: {
    enabled: true,
    filename: 'catalog-info.yaml',
    attributes: {
      category: ['spec.type'],
      owner: ['spec.owner', 'metadata.annotations."example.com/owner"'],
    },
  },
  lastSyncAt: '2026-11-24T10:00:00Z',
  lastGoodSyncAt: '2026-11-24T10:00:00Z',
  nextSyncAt: '2026-11-24T10:30:00Z',
  updatedAt: '2026-11-24T09:00:00Z',
};

export const org: OrgIntegration = {
  orgId: 'org-1',
  orgName: 'Acme Payments',
  host: 'gitlab.com',
  gitlabGroups: ['acme'],
  status: 'connected',
  snykIntegrationId: 'int-1',
};

export const repository: EntityStatus['repository'] = {
  host: 'gitlab.com',
  projectId: 101,
  path: 'acme/payments/checkout-api',
  defaultBranch: 'main',
  webUrl: 'https://gitlab.com/acme/payments/checkout-api',
  catalogFile: {
    filename: 'catalog-info.yaml',
    present: true,
    attributes: { category: 'service' },
    problems: [
      'owner: missing spec.owner or metadata.annotations."example.com/owner"',
    ],
  },
  entityRefs: ['component:default/checkout-api'],
  syncedAt: '2026-11-24T10:00:00Z',
};

export const target: EntityStatus['target'] = {
  orgId: 'org-1',
  targetId: 'target-1',
  displayName: 'acme/payments/checkout-api',
  projects: [
    {
      id: 'p1',
      name: 'acme/payments/checkout-api:package.json',
      type: 'npm',
      url: 'https://app.snyk.io/org/org-1/project/p1',
      issueCounts: { critical: 1, high: 2, medium: 3, low: 4 },
    },
  ],
  issueCounts: { critical: 1, high: 2, medium: 3, low: 4 },
};

export const state: IntegrationState = {
  snykConfigured: true,
  readable: true,
  groupStatus: group.status,
  groups: [group],
  group,
  orgs: [org],
  tokens: [token],
  gitlabHosts: ['gitlab.com'],
  repositoryCount: 4,
};

const notExpected = async (): Promise<never> => {
  throw new Error('not expected');
};

const platformCallsNotExpected: Pick<
  SnykGitlabApi,
  | 'getInventory'
  | 'exportInventoryCsv'
  | 'startBulkImport'
  | 'getBulkImport'
  | 'retryBulkImport'
  | 'getOrgSettings'
  | 'saveOrgSettings'
  | 'getBrokerConnections'
> = {
  getInventory: notExpected,
  exportInventoryCsv: notExpected,
  startBulkImport: notExpected,
  getBulkImport: notExpected,
  retryBulkImport: notExpected,
  getOrgSettings: notExpected,
  saveOrgSettings: notExpected,
  getBrokerConnections: notExpected,
};

/** An in-memory backend for the UI tests: records calls, answers from `status`. */
export function fakeApi(
  status: EntityStatus,
  overrides: Partial<SnykGitlabApi> = {},
) {
  const calls: Array<[string, unknown?]> = [];
  const api: SnykGitlabApi = {
    getState: async () => ({ ...state, group: status.group }),
    getEntityStatus: async query => {
      calls.push(['getEntityStatus', query]);
      return status;
    },
    saveGroupIntegration: async input => {
      calls.push(['saveGroupIntegration', input]);
      return group;
    },
    saveOrgIntegration: async orgId => {
      calls.push(['saveOrgIntegration', orgId]);
      return org;
    },
    triggerSync: async () => {
      calls.push(['triggerSync']);
    },
    importRepository: async request => {
      calls.push(['importRepository', request]);
      return {
        id: 'job-1',
        orgId: 'org-1',
        host: 'gitlab.com',
        projectId: 101,
        path: 'acme/payments/checkout-api',
        status: 'complete',
        createdBy: 'user:default/guest',
        createdAt: '',
        updatedAt: '',
      };
    },
    getImportJob: async id => {
      calls.push(['getImportJob', id]);
      throw new Error('not expected');
    },
    // The platform page's calls; the entity tab and card never make them.
    ...platformCallsNotExpected,
    ...overrides,
  };
  return { api, calls };
}
