import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestDatabaseId,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CANARY_PAT,
  GROUP_ID,
  StandIns,
  project,
  startStandIns,
  syncSnykInventory,
  testConfig,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import request from 'supertest';
import { snykGitlabPlugin } from './plugin';
import { createTestDatabases } from './__testUtils__/databases';

const databases = createTestDatabases();
const ADMIN = mockCredentials.user.header('user:default/admin');
const OUTSIDER = mockCredentials.user.header('user:default/outsider');
const SERVICE = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:catalog'),
  targetPluginId: 'snyk-gitlab',
});

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {},
  };
}

// Two GitLab hosts, a profile each; one profile fails. Real scheduler, real HTTP.
describe.each(databases.eachSupportedId())(
  'several group-level profiles on %s',
  databaseId => {
    let main: StandIns;
    let other: StandIns;

    beforeEach(async () => {
      main = await startStandIns({ world: testWorld() });
      const world = testWorld();
      world.gitlab.projects.push(project(21, 'beta/ledger'));
      other = await startStandIns({ world });
    });
    afterEach(async () => {
      await main.close();
      await other.close();
    });

    it('syncs each profile, shows each host its own profile, and removes one with its inventory', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      const mainHost = new URL(main.gitlabUrl).host;
      const otherHost = new URL(other.gitlabUrl).host;
      const config = testConfig(
        main,
        { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
        GROUP_ID,
      );
      config.integrations.gitlab.push({
        host: otherHost,
        apiBaseUrl: `${other.gitlabUrl}/api/v4`,
        baseUrl: other.gitlabUrl,
        token: CANARY_PAT,
      });
      // Snyk's inventory holds main's projects and one of the other host's.
      syncSnykInventory(main.world, GROUP_ID);
      main.world.snyk.groups[0].assets.push({
        id: '5f0c2a94-0d1e-4a8b-9c3f-7e6d5c4b3a21',
        path: 'beta/ledger',
        host: otherHost,
        updatedAt: '2026-11-20T00:00:00Z',
      });
      const entities = [
        // The same slug on both hosts: the location says which.
        component('on-other', {
          'gitlab.com/project-slug': 'acme/api',
          'backstage.io/source-location': `url:${other.gitlabUrl}/acme/api/-/tree/main/`,
        }),
        component('api', { 'gitlab.com/project-slug': 'acme/api' }),
        // Only the other host has it.
        component('ledger', { 'gitlab.com/project-slug': 'beta/ledger' }),
        // Its project id without a host: ids are per host, so not found.
        component('ledger-by-id', { 'gitlab.com/project-id': '21' }),
      ];
      const backend = await startTestBackend({
        features: [
          snykGitlabPlugin,
          schedulerServiceFactory,
          mockServices.rootConfig.factory({ data: config }),
          mockServices.database.factory({ knex }),
          mockServices.permissions.mock({
            authorize: async (requests, options) => {
              const principal = (options?.credentials as any)?.principal;
              const result =
                principal?.userEntityRef === 'user:default/outsider'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW;
              return requests.map(() => ({ result }));
            },
          }).factory,
          catalogServiceMock.mock({
            getEntityByRef: async ref =>
              entities.find(
                e => `component:default/${e.metadata.name}` === String(ref),
              ),
          }).factory,
        ],
      });
      const api = request(backend.server);
      const base = '/api/snyk-gitlab';
      const get = (path: string, auth = ADMIN) =>
        api.get(`${base}${path}`).set('Authorization', auth);
      const del = (path: string, auth = ADMIN) =>
        api.delete(`${base}${path}`).set('Authorization', auth);
      const state = async () => (await get('/state')).body;
      const entityStatus = async (name: string) =>
        (await get(`/entity-status?entityRef=component:default/${name}`)).body;

      const pause = () => new Promise(resolve => setTimeout(resolve, 300));
      /** When each profile last synced and had Snyk's inventory read. */
      const runs = async () =>
        (await state()).groups.map(
          (g: any) => `${g.lastSyncAt}|${g.snykInventory?.checkedAt}`,
        );

      /** Triggers the scheduled sync (once the last one ended) and waits for every profile. */
      async function sync() {
        const before = await runs();
        let triggered = 0;
        for (let i = 0; i < 100 && triggered !== 202; i++) {
          if (i) await pause();
          triggered = (
            await api.post(`${base}/sync`).set('Authorization', ADMIN)
          ).status;
        }
        expect(triggered).toBe(202);
        for (let i = 0; i < 100; i++) {
          await pause();
          const after = await runs();
          if (after.every((run: string, n: number) => run !== before[n])) {
            return;
          }
        }
        throw new Error('the sync did not run');
      }

      try {
        for (const [profileName, host] of [
          ['Zeta', mainHost],
          ['Alpha', otherHost],
        ]) {
          await api
            .put(`${base}/integrations/group`)
            .set('Authorization', ADMIN)
            .send({ profileName, host })
            .expect(200);
        }
        await sync();
        expect((await state()).groupStatus).toBe('connected');

        // The other host's token is revoked: its profile fails, main's syncs.
        other.world.gitlab.tokens[0].revoked = true;
        await sync();
        let current = await state();
        expect(current.groups.map((g: any) => g.profileName)).toEqual([
          'Alpha',
          'Zeta',
        ]);
        expect(current.group).toEqual(current.groups[0]);
        expect(current.groupStatus).toBe('failed');
        expect(current.repositoryCount).toBe(3 + 4);
        expect(current.groups[0]).toMatchObject({
          id: otherHost,
          host: otherHost,
          status: 'failed',
          statusReason: expect.stringContaining('GitLab rejected the token'),
          lastGoodSyncAt: expect.any(String),
          repositoryCount: 4,
          snykInventory: { host: otherHost, repositoryCount: 1 },
        });
        expect(current.groups[1]).toMatchObject({
          id: mainHost,
          status: 'connected',
          repositoryCount: 3,
          snykInventory: { host: mainHost, repositoryCount: 3 },
        });

        // Each entity gets the profile of its repository's host.
        const onOther = await entityStatus('on-other');
        expect(onOther.group).toMatchObject({
          host: otherHost,
          status: 'failed',
        });
        expect(onOther.repository).toMatchObject({ host: otherHost });
        expect(onOther.token).toMatchObject({ host: otherHost, ok: false });
        const onMain = await entityStatus('api');
        expect(onMain.group).toMatchObject({
          host: mainHost,
          status: 'connected',
        });
        expect(onMain.repository).toMatchObject({ host: mainHost });
        const ledger = await entityStatus('ledger');
        expect(ledger.group).toMatchObject({ profileName: 'Alpha' });
        // The failed profile's last good inventory is still there.
        expect(ledger.repository).toMatchObject({
          host: otherHost,
          path: 'beta/ledger',
        });
        expect(ledger.snykAsset).toMatchObject({
          assetId: '5f0c2a94-0d1e-4a8b-9c3f-7e6d5c4b3a21',
        });
        expect((await entityStatus('ledger-by-id')).repository).toBeUndefined();

        // The index covers both hosts; slugs without a host go to the first configured.
        const index = (await get('/index', SERVICE)).body;
        expect(index.defaultHost).toBe(mainHost);
        expect(new Set(index.repositories.map((r: any) => r.host))).toEqual(
          new Set([mainHost, otherHost]),
        );

        // Removing a profile: managers only, a host in the path, audited.
        expect(
          (await del(`/integrations/groups/${otherHost}`, OUTSIDER)).status,
        ).toBe(403);
        const bad = await del('/integrations/groups/not%20a%20host');
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/host: /);
        expect((await del(`/integrations/groups/${otherHost}`)).status).toBe(
          204,
        );
        expect((await del(`/integrations/groups/${otherHost}`)).status).toBe(
          404,
        );

        current = await state();
        expect(current.groups.map((g: any) => g.host)).toEqual([mainHost]);
        expect(current.groupStatus).toBe('connected');
        for (const table of [
          'repositories',
          'repository_entities',
          'snyk_inventory',
          'snyk_assets',
        ]) {
          expect(await knex(table).where({ host: otherHost })).toEqual([]);
        }
        expect(
          await knex('repositories').where({ host: mainHost }),
        ).toHaveLength(3);
        const audit = (await get('/audit')).body.items;
        expect(audit[0]).toMatchObject({
          action: 'group.delete.failed',
          actor: 'user:default/admin',
        });
        expect(
          audit.find((i: any) => i.action === 'group.delete'),
        ).toMatchObject({
          actor: 'user:default/admin',
          subject: 'Alpha',
          details: { host: otherHost },
        });
        // No profile covers the other host any more.
        expect((await entityStatus('on-other')).group).toBeUndefined();
        expect((await get('/index', SERVICE)).body).toMatchObject({
          defaultHost: mainHost,
          repositories: expect.arrayContaining([
            expect.objectContaining({ host: mainHost }),
          ]),
        });
      } finally {
        await backend.stop();
      }
    }, 90_000);
  },
);
