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
});
