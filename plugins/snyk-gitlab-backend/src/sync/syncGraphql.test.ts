import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  StandIns,
  catalogFile,
  editFile,
  project,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { clearTables, createServices } from '../__testUtils__/services';

const databases = createTestDatabases();

// The GraphQL path: listing with blob ids, texts in batches (REST: SyncService.test.ts).
describe.each(databases.eachSupportedId())(
  'SyncService through GraphQL on %s',
  databaseId => {
    let knex: Knex;
    let standIns: StandIns;
    let services: Awaited<ReturnType<typeof createServices>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });

    beforeEach(async () => {
      standIns = await startStandIns({ world: testWorld() });
      services = await createServices(knex, standIns);
      await clearTables(knex);
      await services.integrationService.saveGroup(
        { profileName: 'Acme', host: services.host },
        'user:default/admin',
      );
      standIns.faults.requests.length = 0;
    });
    afterEach(() => standIns.close());

    const repo = (path: string) =>
      services.store.findRepository({ host: services.host, path });
    const calls = (path: RegExp) => standIns.faults.count('gitlab', path);

    it('lists projects with their blob ids and reads changed files in one batch, no REST call per project', async () => {
      await expect(services.sync.run()).resolves.toMatchObject({
        status: 'connected',
        repositories: 3,
        filesRead: 2,
      });
      // Token check, one listing page, one batch of texts.
      expect(calls(/\/personal_access_tokens\/self$/)).toBe(1);
      expect(calls(/\/api\/graphql$/)).toBe(2);
      expect(calls(/\/api\/v4\/(projects|groups)/)).toBe(0);
      expect((await repo('acme/api'))?.catalogFile.attributes.owner).toBe(
        'team-a',
      );
      expect((await repo('acme/team/web'))?.catalogFile.present).toBe(false);
    });

    it('picks up an edit whose push did not move last_activity_at, and reads nothing else', async () => {
      await services.sync.run();
      const [api] = standIns.world.gitlab.projects;
      const activity = api.lastActivityAt;
      editFile(
        api,
        'catalog-info.yaml',
        catalogFile('api', { owner: 'team-b' }),
      );
      expect(api.lastActivityAt).toBe(activity);
      standIns.faults.requests.length = 0;

      await expect(services.sync.run()).resolves.toMatchObject({
        filesRead: 1,
        unchanged: 2,
      });
      expect((await repo('acme/api'))?.catalogFile.attributes.owner).toBe(
        'team-b',
      );
      expect(calls(/\/api\/graphql$/)).toBe(2);

      standIns.faults.requests.length = 0;
      await expect(services.sync.run()).resolves.toMatchObject({
        filesRead: 0,
        unchanged: 3,
      });
      expect(calls(/\/api\/graphql$/)).toBe(1);
    });

    it.each([
      ['gitlab', 20],
      ['strict', 40],
    ] as const)(
      'shrinks its pages when GitLab scores a query too complex (%s model, limit %i)',
      async (model, limit) => {
        standIns.world.gitlab.graphql.complexity = model;
        standIns.world.gitlab.graphql.maxComplexity = limit;
        for (let i = 0; i < 30; i++) {
          standIns.world.gitlab.projects.push(
            project(200 + i, `acme/many/p${i}`, {
              'catalog-info.yaml': catalogFile(`p${i}`),
            }),
          );
        }
        await expect(services.sync.run()).resolves.toMatchObject({
          status: 'connected',
          repositories: 33,
          filesRead: 32,
        });
        expect(await services.store.countRepositories(services.host)).toBe(33);
        expect((await repo('acme/many/p29'))?.catalogFile.present).toBe(true);
        // Without the limit: one listing page and one batch of texts.
        expect(calls(/\/api\/graphql$/)).toBeGreaterThan(4);
      },
    );

    it('splits a batch whose blobs exceed the data limit, and records a file GitLab will not serve alone', async () => {
      const [api, , worker] = standIns.world.gitlab.projects;
      const big = `${catalogFile('worker')}# ${'x'.repeat(3000)}\n`;
      editFile(worker, 'catalog-info.yaml', big);
      standIns.world.gitlab.graphql.maxBlobBytes = 2000;
      await expect(services.sync.run()).resolves.toMatchObject({
        status: 'connected',
        repositories: 3,
      });
      expect((await repo('acme/api'))?.catalogFile).toMatchObject({
        present: true,
        problems: [],
      });
      expect(api.files['catalog-info.yaml']).toBeDefined();
      expect((await repo('acme/team/worker'))?.catalogFile.problems).toEqual([
        expect.stringMatching(/could not be read: .*even for one item/),
      ]);
    });

    it('leaves out archived projects and projects shared in from other namespaces', async () => {
      standIns.world.gitlab.projects.push(
        { ...project(30, 'acme/old'), archived: true },
        { ...project(31, 'other/shared'), sharedWithGroups: ['acme'] },
      );
      await services.sync.run();
      expect(await repo('acme/old')).toBeUndefined();
      expect(await repo('other/shared')).toBeUndefined();
      expect(await services.store.countRepositories(services.host)).toBe(3);
    });

    it('falls back to REST, with blob ids from HEAD, when GitLab has no GraphQL API', async () => {
      standIns.world.gitlab.graphql.enabled = false;
      await expect(services.sync.run()).resolves.toMatchObject({
        status: 'connected',
        repositories: 3,
        filesRead: 2,
      });
      expect(calls(/\/repository\/files\/[^/]+$/)).toBe(3);
      expect((await repo('acme/api'))?.catalogBlobId).toMatch(/^[0-9a-f]{40}$/);
    });
  },
);
