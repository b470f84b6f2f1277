/**
 * @jest-environment node
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SnykGitlabClient } from './SnykGitlabClient';

describe('SnykGitlabClient', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: Array<{
    method?: string;
    url?: string;
    body: string;
    type?: string;
  }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          body,
          type: req.headers['content-type'],
        });
        if (req.url?.startsWith('/api/snyk-gitlab/integrations/group')) {
          res.writeHead(400, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              error: {
                name: 'InputError',
                message: 'Invalid group integration: profileName: Required',
              },
              response: { statusCode: 400 },
            }),
          );
          return;
        }
        if (req.url?.startsWith('/api/snyk-gitlab/inventory/export.csv')) {
          res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' });
          res.end('path,owner\r\nacme/a,team-a\r\n');
          return;
        }
        if (req.url?.startsWith('/api/snyk-gitlab/imports/bulk/retry')) {
          res.writeHead(403, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              error: { name: 'NotAllowedError', message: 'Unauthorized' },
              response: { statusCode: 403 },
            }),
          );
          return;
        }
        res.writeHead(req.method === 'POST' ? 202 : 200, {
          'Content-Type': 'application/json',
        });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/snyk-gitlab`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  const client = () =>
    new SnykGitlabClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
      fetchApi: { fetch: (input, init) => fetch(input, init) },
    });

  it('sends each call to the plugin base URL with JSON bodies', async () => {
    seen.length = 0;
    await client().getEntityStatus({
      entityRef: 'component:default/a',
      projectSlug: 'acme/a b',
      projectId: undefined,
    });
    await client().importRepository({ host: 'gitlab.com', projectId: 7 });
    await client().saveOrgIntegration('org/1');
    await client().triggerSync();
    expect(seen).toEqual([
      {
        method: 'GET',
        url: '/api/snyk-gitlab/entity-status?entityRef=component%3Adefault%2Fa&projectSlug=acme%2Fa+b',
        body: '',
        type: undefined,
      },
      {
        method: 'POST',
        url: '/api/snyk-gitlab/imports',
        body: '{"host":"gitlab.com","projectId":7}',
        type: 'application/json',
      },
      {
        method: 'PUT',
        url: '/api/snyk-gitlab/integrations/orgs/org%2F1',
        body: '',
        type: undefined,
      },
      {
        method: 'POST',
        url: '/api/snyk-gitlab/sync',
        body: '',
        type: undefined,
      },
    ]);
  });

  it('turns error responses into ResponseError with the server message', async () => {
    await expect(
      client().saveGroupIntegration({ profileName: '', host: 'gitlab.com' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: { message: 'Invalid group integration: profileName: Required' },
    });
  });

  it('sends the inventory query with comma-separated filters, leaving out empty values', async () => {
    seen.length = 0;
    await client().getInventory({
      host: 'gitlab.example.com',
      filter: ['not_imported', 'critical_issues'],
      q: 'pay ments',
      sort: 'critical',
      order: 'desc',
      offset: 20,
      limit: 10,
    });
    await client().getInventory({ filter: [], q: '' });
    expect(seen.map(r => r.url)).toEqual([
      '/api/snyk-gitlab/inventory?host=gitlab.example.com&filter=not_imported%2Ccritical_issues&q=pay+ments&sort=critical&order=desc&offset=20&limit=10',
      '/api/snyk-gitlab/inventory',
    ]);
  });

  it('downloads the CSV export with the same filters but no paging', async () => {
    seen.length = 0;
    const blob = await client().exportInventoryCsv({
      filter: ['no_catalog_file'],
      q: 'acme',
      offset: 40,
      limit: 20,
    });
    expect(seen.map(r => r.url)).toEqual([
      '/api/snyk-gitlab/inventory/export.csv?filter=no_catalog_file&q=acme',
    ]);
    expect(blob.type).toMatch(/^text\/csv/);
    expect(await blob.text()).toBe('path,owner\r\nacme/a,team-a\r\n');
  });

  it('sends bulk imports, their progress and retries', async () => {
    seen.length = 0;
    await client().startBulkImport({
      repositories: [{ host: 'gitlab.com', projectId: 7 }],
    });
    await client().startBulkImport({
      filter: { host: 'gitlab.com', filter: ['not_imported'], q: 'a' },
    });
    await client().getBulkImport({ batchId: 'b/1', state: 'failed' });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/api/snyk-gitlab/imports/bulk',
        body: '{"repositories":[{"host":"gitlab.com","projectId":7}]}',
        type: 'application/json',
      },
      {
        method: 'POST',
        url: '/api/snyk-gitlab/imports/bulk',
        body: '{"filter":{"host":"gitlab.com","filter":["not_imported"],"q":"a"}}',
        type: 'application/json',
      },
      {
        method: 'GET',
        url: '/api/snyk-gitlab/imports/bulk?batchId=b%2F1&state=failed',
        body: '',
        type: undefined,
      },
    ]);
    await expect(
      client().retryBulkImport({ batchId: 'b1' }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
    expect(seen[3]).toEqual({
      method: 'POST',
      url: '/api/snyk-gitlab/imports/bulk/retry',
      body: '{"batchId":"b1"}',
      type: 'application/json',
    });
  });

  it('reads and saves an org settings and lists its broker connections', async () => {
    seen.length = 0;
    await client().getOrgSettings('org/1');
    await client().saveOrgSettings('org/1', {
      pullRequestTestEnabled: true,
      pullRequestAssignment: {
        enabled: true,
        type: 'manual',
        assignees: ['a'],
      },
    });
    await client().getBrokerConnections('org/1');
    expect(seen).toEqual([
      {
        method: 'GET',
        url: '/api/snyk-gitlab/integrations/orgs/org%2F1/settings',
        body: '',
        type: undefined,
      },
      {
        method: 'PUT',
        url: '/api/snyk-gitlab/integrations/orgs/org%2F1/settings',
        body: '{"pullRequestTestEnabled":true,"pullRequestAssignment":{"enabled":true,"type":"manual","assignees":["a"]}}',
        type: 'application/json',
      },
      {
        method: 'GET',
        url: '/api/snyk-gitlab/integrations/orgs/org%2F1/broker-connections',
        body: '',
        type: undefined,
      },
    ]);
  });
});
