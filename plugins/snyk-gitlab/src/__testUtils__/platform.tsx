import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import {
  BulkImportItem,
  BulkImportItemState,
  GroupIntegration,
  IntegrationState,
  InventoryRow,
  OrgGitlabSettings,
  snykGitlabIntegrationManagePermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { ReactElement } from 'react';
import { SnykGitlabApi, snykGitlabApiRef } from '../api/SnykGitlabApi';
import { group, org, token } from './fixtures';

export const HOST = 'gitlab.example.com';

export const failingGroup: GroupIntegration = {
  ...group,
  id: HOST,
  profileName: 'Acme self-managed',
  host: HOST,
  status: 'failed',
  statusReason: 'GitLab answered 401: the token was revoked',
  lastGoodSyncAt: '2026-11-20T10:00:00Z',
};

export const platformState: IntegrationState = {
  snykConfigured: true,
  readable: true,
  groupStatus: 'connected',
  group,
  groups: [group, failingGroup],
  orgs: [
    org,
    {
      ...org,
      orgId: 'org-2',
      orgName: 'Acme Platform',
      host: HOST,
      status: 'failed',
      statusReason: 'Snyk answered 403',
    },
  ],
  tokens: [
    token,
    {
      ...token,
      host: HOST,
      ok: false,
      scopes: ['read_user'],
      missingScopes: ['api', 'read_api'],
      missingOrgScopes: ['api'],
      missingRecommended: ['api', 'read_api', 'read_repository'],
      expiresAt: '2026-12-01',
      expiryWarning: 'Expires in 7 days',
    },
  ],
  gitlabHosts: ['gitlab.com', HOST],
  repositoryCount: 4,
};

export function row(
  path: string,
  projectId: number,
  extra: Partial<InventoryRow> = {},
): InventoryRow {
  return {
    host: 'gitlab.com',
    projectId,
    path,
    webUrl: `https://gitlab.com/${path}`,
    catalogFile: { present: true, problems: [] },
    orgId: 'org-1',
    imported: false,
    ...extra,
  };
}

export const rows: InventoryRow[] = [
  row('acme/payments/checkout-api', 101, {
    entityRef: 'component:default/checkout-api',
    owner: 'group:default/team-payments',
    system: 'payments',
    imported: true,
    targetId: 't-1',
    issueCounts: { critical: 2, high: 1, medium: 0, low: 3 },
  }),
  row('acme/payments/ledger', 102, {
    entityRef: 'component:default/ledger',
    owner: 'team-finance',
    catalogFile: { present: true, problems: ['category: missing spec.type'] },
  }),
  row('acme/platform/web-portal', 103, {
    catalogFile: { present: false, problems: [] },
    // eslint-disable-next-line no-script-url -- a hostile stored value
    webUrl: 'javascript:alert(1)',
  }),
  row('acme/platform/infra-scripts', 104),
];

type Call = [string, unknown?];

/**
 * An in-memory backend for the page: filters, sorts and pages `rows`; a bulk
 * import moves each item from queued to running to imported (or `failPaths`
 * to failed) one step per progress read.
 */
export function fakePlatformApi(
  options: {
    state?: IntegrationState;
    rows?: InventoryRow[];
    failPaths?: string[];
    settings?: OrgGitlabSettings;
  } = {},
) {
  const calls: Call[] = [];
  const data = (options.rows ?? rows).map(r => ({ ...r }));
  const failPaths = new Set(options.failPaths ?? []);
  let items: BulkImportItem[] = [];
  let settings: OrgGitlabSettings = options.settings ?? {
    pullRequestTestEnabled: true,
    pullRequestFailOnAnyVulns: false,
    pullRequestFailOnlyForHighSeverity: true,
    autoRemediationPrs: {
      freshPrsEnabled: true,
      backlogPrsEnabled: false,
      usePatchRemediation: false,
    },
    autoDepUpgradeEnabled: false,
    autoDepUpgradeLimit: 5,
    pullRequestAssignment: { enabled: false },
  };

  const setRowState = (item: BulkImportItem) => {
    const r = data.find(
      d => d.host === item.host && d.projectId === item.projectId,
    );
    if (!r) return;
    r.importState = item.state;
    r.importError = item.error;
    r.imported = r.imported || item.state === 'imported';
  };
  const counts = () => {
    const result: Record<BulkImportItemState, number> = {
      queued: 0,
      running: 0,
      imported: 0,
      failed: 0,
    };
    for (const item of items) result[item.state] += 1;
    return result;
  };

  const api: SnykGitlabApi = {
    getState: async () => {
      calls.push(['getState']);
      return options.state ?? platformState;
    },
    getEntityStatus: async () => {
      throw new Error('not expected');
    },
    saveGroupIntegration: async () => {
      throw new Error('not expected');
    },
    saveOrgIntegration: async () => {
      throw new Error('not expected');
    },
    triggerSync: async () => {
      throw new Error('not expected');
    },
    importRepository: async () => {
      throw new Error('not expected');
    },
    getImportJob: async () => {
      throw new Error('not expected');
    },
    getInventory: async query => {
      calls.push(['getInventory', query]);
      let result = data.filter(r => {
        if (query.host && r.host !== query.host) return false;
        if (query.q && !r.path.includes(query.q)) return false;
        return (query.filter ?? []).every(f => {
          if (f === 'not_imported') return !r.imported;
          if (f === 'no_catalog_file') return !r.catalogFile.present;
          if (f === 'catalog_problems') return r.catalogFile.problems.length;
          return (r.issueCounts?.critical ?? 0) > 0;
        });
      });
      if (query.sort === 'path') {
        result = [...result].sort((a, b) => a.path.localeCompare(b.path));
        if (query.order === 'desc') result.reverse();
      }
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 20;
      return {
        items: result.slice(offset, offset + limit).map(r => ({ ...r })),
        totalCount: result.length,
        offset,
        limit,
      };
    },
    exportInventoryCsv: async query => {
      calls.push(['exportInventoryCsv', query]);
      return new Blob(['path\n'], { type: 'text/csv' });
    },
    startBulkImport: async request => {
      calls.push(['startBulkImport', request]);
      const keys = request.repositories ?? data.filter(r => !r.imported);
      items = keys.map((key, i) => {
        const r = data.find(
          d => d.host === key.host && d.projectId === key.projectId,
        )!;
        return {
          id: `item-${i + 1}`,
          batchId: 'batch-1',
          host: r.host,
          projectId: r.projectId,
          path: r.path,
          orgId: 'org-1',
          state: 'queued',
          attempts: 0,
          createdBy: 'user:default/guest',
          createdAt: '2026-11-24T10:00:00Z',
          updatedAt: '2026-11-24T10:00:00Z',
        };
      });
      items.forEach(setRowState);
      return {
        batchId: 'batch-1',
        queued: items.length,
        skippedCount: 0,
        skipped: [],
      };
    },
    getBulkImport: async query => {
      calls.push(['getBulkImport', query]);
      const before = { counts: counts(), items: items.map(i => ({ ...i })) };
      // Each read moves the batch one step on.
      items = items.map(item => {
        if (item.state === 'queued') return { ...item, state: 'running' };
        if (item.state !== 'running') return item;
        return failPaths.has(item.path)
          ? {
              ...item,
              state: 'failed',
              attempts: item.attempts + 1,
              error: 'Snyk answered 500',
            }
          : { ...item, state: 'imported', attempts: item.attempts + 1 };
      });
      items.forEach(setRowState);
      return { ...before, totalCount: before.items.length };
    },
    retryBulkImport: async request => {
      calls.push(['retryBulkImport', request]);
      failPaths.clear();
      let requeued = 0;
      items = items.map(item => {
        if (item.state !== 'failed') return item;
        requeued += 1;
        return { ...item, state: 'queued', error: undefined };
      });
      items.forEach(setRowState);
      return { requeued };
    },
    getOrgSettings: async orgId => {
      calls.push(['getOrgSettings', orgId]);
      return { orgId, integrationId: `int-${orgId}`, settings };
    },
    saveOrgSettings: async (orgId, patch) => {
      calls.push(['saveOrgSettings', [orgId, patch]]);
      settings = { ...settings, ...patch };
      return { orgId, integrationId: `int-${orgId}`, settings };
    },
    getBrokerConnections: async orgId => {
      calls.push(['getBrokerConnections', orgId]);
      return {
        connections:
          orgId === 'org-1'
            ? [
                {
                  id: 'bc-1',
                  name: 'acme-gitlab-internal',
                  connectionType: 'gitlab',
                  deploymentId: 'dep-1',
                },
              ]
            : [],
      };
    },
  };
  return { api, calls };
}

/** Which permissions the user holds in a test. */
export type Grants = { read?: boolean; manage?: boolean };

/** Renders an element of the page with a backend and the granted permissions. */
export function renderWithApis(
  element: ReactElement,
  api: SnykGitlabApi,
  grants: Grants = { read: true, manage: true },
  routeEntries?: string[],
) {
  const authorize = (request: EvaluatePermissionRequest) => {
    const name = request.permission.name;
    const allowed =
      name === snykGitlabIntegrationManagePermission.name
        ? grants.manage
        : grants.read;
    return allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
  };
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [snykGitlabApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      {element}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries,
    },
  );
}
