import {
  SchedulerService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import catalogPlugin from '@backstage/plugin-catalog-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the test runs the backend plugin the module reads from
import snykGitlabPlugin from '@snyk-gitlab/plugin-snyk-gitlab-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import http from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import { SnykGitlabAnnotationProcessor } from './SnykGitlabAnnotationProcessor';
import { INDEX_TASK_ID, catalogModuleSnykGitlab } from './module';
import {
  CANARY_PAT,
  CANARY_SNYK_TOKEN,
  ORG_ID,
  testConfig,
  testWorld,
  StandIns,
  startStandIns,
} from '@snyk-gitlab/stand-ins';

const ADMIN = mockCredentials.user.header('user:default/admin');

describe('catalog module in a running catalog', () => {
  let standIns: StandIns;
  const dir = createMockDirectory();

  beforeAll(async () => {
    standIns = await startStandIns({ world: testWorld() });
  });
  afterAll(() => standIns.close());

  it('annotates GitLab-sourced components from the index, with no call per entity', async () => {
    const gitlabUrl = standIns.gitlabUrl;
    dir.setContent({
      'entities.yaml': [
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: api\n  annotations:\n    gitlab.com/project-slug: acme/api\nspec:\n  type: service\n  owner: a\n  lifecycle: production`,
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n  annotations:\n    backstage.io/source-location: url:${gitlabUrl}/acme/team/web/-/tree/main/\nspec:\n  type: website\n  owner: a\n  lifecycle: production`,
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: elsewhere\nspec:\n  type: service\n  owner: a\n  lifecycle: production`,
      ].join('\n---\n'),
    });
    // The catalog's own scheduler, to run the index refresh when the test wants it.
    let scheduler: SchedulerService | undefined;
    const schedulerHandle = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-scheduler-handle',
      register(env) {
        env.registerInit({
          deps: { s: coreServices.scheduler },
          async init({ s }) {
            scheduler = s;
          },
        });
      },
    });
    const config = testConfig(standIns);
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleSnykGitlab,
        snykGitlabPlugin,
        schedulerHandle,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            ...config,
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component'] }],
              locations: [
                { type: 'file', target: dir.resolve('entities.yaml') },
              ],
            },
          },
        }),
      ],
    });
    const api = request(backend.server);
    const host = new URL(gitlabUrl).host;
    await api
      .put('/api/snyk-gitlab/integrations/group')
      .set('Authorization', ADMIN)
      .send({ profileName: 'Acme', host })
      .expect(200);
    await api
      .post('/api/snyk-gitlab/sync')
      .set('Authorization', ADMIN)
      .expect(202);
    await api
      .put(`/api/snyk-gitlab/integrations/orgs/${ORG_ID}`)
      .set('Authorization', ADMIN)
      .expect(200);
    const job = await api
      .post('/api/snyk-gitlab/imports')
      .set('Authorization', ADMIN)
      .send({ path: 'acme/api' })
      .expect(202);
    await api
      .get(`/api/snyk-gitlab/imports/${job.body.id}`)
      .set('Authorization', ADMIN);
    // Snyk is polled at most once per job every 3 s; the stand-in completes it at the second poll.
    await new Promise(resolve => setTimeout(resolve, 3100));
    await api
      .get(`/api/snyk-gitlab/imports/${job.body.id}`)
      .set('Authorization', ADMIN)
      .expect(200);
    await scheduler!.triggerTask(INDEX_TASK_ID);
    const targetId = standIns.world.snyk.orgs[0].targets[0].id;

    const callsBefore = standIns.faults.requests.length;
    const annotationsOf = async (name: string) => {
      const res = await api
        .get(`/api/catalog/entities/by-name/component/default/${name}`)
        .set('Authorization', ADMIN);
      return res.body.metadata?.annotations ?? {};
    };
    let api1: Record<string, string> = {};
    for (let i = 0; i < 60 && !api1['snyk.io/target-id']; i++) {
      await new Promise(resolve => setTimeout(resolve, 500));
      api1 = await annotationsOf('api');
    }
    expect(api1).toMatchObject({
      'snyk.io/org-id': ORG_ID,
      'snyk.io/target-id': targetId,
    });
    expect(await annotationsOf('web')).toMatchObject({
      'gitlab.com/project-slug': 'acme/team/web',
      'snyk.io/org-id': ORG_ID,
    });
    const elsewhere = await annotationsOf('elsewhere');
    expect(
      Object.keys(elsewhere).filter(
        k => k.startsWith('snyk.io') || k.startsWith('gitlab.com'),
      ),
    ).toEqual([]);
    // Processing many times over made no call to GitLab or Snyk.
    expect(standIns.faults.requests.length).toBe(callsBefore);
    expect(JSON.stringify(await annotationsOf('api'))).not.toMatch(
      new RegExp(`${CANARY_PAT}|${CANARY_SNYK_TOKEN}`),
    );
    await backend.stop();
  }, 60_000);
});

describe('catalog module start', () => {
  it('loads the index as soon as the backend is up, not one interval later', async () => {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(req.url!);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          defaultHost: 'gitlab.com',
          repositories: [
            { host: 'gitlab.com', projectId: 1, path: 'a/b', orgId: ORG_ID },
          ],
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const processors: SnykGitlabAnnotationProcessor[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addProcessor: p => processors.push(p as any) },
        ],
      ],
      features: [
        catalogModuleSnykGitlab,
        mockServices.discovery.mock({
          getBaseUrl: async () => `http://127.0.0.1:${port}/api/snyk-gitlab`,
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            integrations: { gitlab: [{ host: 'gitlab.com' }] },
            snykGitlab: {
              catalogIndexSchedule: {
                frequency: { hours: 1 },
                timeout: { minutes: 1 },
                initialDelay: { hours: 1 },
              },
            },
          },
        }),
      ],
    });
    try {
      for (let i = 0; i < 30 && requests.length === 0; i++) {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      expect(requests).toEqual(['/api/snyk-gitlab/index?limit=5000']);
      const entity = await processors[0].preProcessEntity(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'b',
            annotations: { 'gitlab.com/project-slug': 'a/b' },
          },
        },
        { type: 'file', target: '/tmp/catalog-info.yaml' },
      );
      expect(entity.metadata.annotations?.['snyk.io/org-id']).toBe(ORG_ID);
    } finally {
      await backend.stop();
      server.close();
    }
  }, 20_000);
});
