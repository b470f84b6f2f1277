import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { TestDatabaseId, mockCredentials } from '@backstage/backend-test-utils';
import { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  ORG_ID,
  StandIns,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startRouteBackend } from '../__testUtils__/routeBackend';
import { clearTables } from '../__testUtils__/services';

const databases = createTestDatabases();
const READ = 'snyk-gitlab.integration.read';
const IMPORT = 'snyk-gitlab.repository.import';

/** What the policy answers for the import permission without a resource. */
const OWNERS_ONLY: PolicyDecision = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: ['group:default/team-a'] },
  },
};

describe.each(databases.eachSupportedId())(
  'bulk import API on %s',
  databaseId => {
    let knex: Knex;
    let standIns: StandIns;
    let host: string;
    const asked: Array<{ permission: { name: string }; resourceRef?: string }> =
      [];

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });
    beforeEach(async () => {
      const world = testWorld();
      world.snyk.importPollsUntilComplete = 0;
      world.snyk.orgs[0].targets = [
        {
          id: 'a0f1c2d3-0000-4000-8000-000000000001',
          displayName: 'acme/api',
          url: 'https://gitlab.example/acme/api',
          integrationType: 'gitlab',
          projects: [],
        },
      ];
      standIns = await startStandIns({ world });
      host = new URL(standIns.gitlabUrl).host;
      asked.length = 0;
      if (await knex.schema.hasTable('repositories')) await clearTables(knex);
    });
    afterEach(() => standIns.close());

    /**
     * A backend whose policy allows the basic permissions named (all by
     * default) and answers `importDecision` for a bulk import.
     */
    function backend(
      options: {
        allow?: string[];
        importDecision?: PolicyDecision;
        extra?: ServiceFactory[];
        schedule?: object;
      } = {},
    ) {
      const { importDecision = { result: AuthorizeResult.ALLOW }, ...rest } =
        options;
      return startRouteBackend({
        knex,
        standIns,
        ...rest,
        conditional: importDecision,
        onAuthorize: requests => asked.push(...(requests as typeof asked)),
      });
    }

    /** The stand-in's repositories synced and the org connected; acme/api is imported. */
    async function synced(options: Parameters<typeof backend>[0] = {}) {
      const api = await backend(options);
      expect(
        (await api.put('/integrations/group', { profileName: 'Acme', host }))
          .status,
      ).toBe(200);
      expect((await api.post('/sync')).status).toBe(202);
      // The real scheduler runs the triggered sync within seconds.
      for (let i = 0; i < 60; i++) {
        if ((await api.get('/inventory')).body.totalCount === 3) break;
        await new Promise(resolve => setTimeout(resolve, 500));
      }
      expect((await api.put(`/integrations/orgs/${ORG_ID}`)).status).toBe(200);
      return api;
    }

    const audit = async () =>
      (await knex('audit_log').orderBy('id').select('action')).map(
        r => r.action,
      );

    it('queues repositories (202), lists the batch and shows it in the inventory', async () => {
      const api = await synced();
      const res = await api.post('/imports/bulk', {
        repositories: [
          { host, projectId: 12 },
          { host, projectId: 13 },
          { host, projectId: 11 },
          { host, projectId: 999 },
        ],
      });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        batchId: expect.any(String),
        queued: 2,
        skippedCount: 2,
        skipped: [
          { host, projectId: 999, reason: 'unknown_repository' },
          { host, projectId: 11, reason: 'already_imported' },
        ],
      });
      // The import permission was asked for every repository at once.
      expect(asked).toContainEqual({
        permission: expect.objectContaining({ name: IMPORT }),
      });
      expect(await audit()).toContain('repository.import.bulk');

      const { batchId } = res.body;
      const list = await api.get(`/imports/bulk?batchId=${batchId}`);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({
        counts: { queued: 2, running: 0, imported: 0, failed: 0 },
        totalCount: 2,
        items: [
          {
            batchId,
            host,
            projectId: 12,
            path: 'acme/team/web',
            orgId: ORG_ID,
            state: 'queued',
            attempts: 0,
            createdBy: 'user:default/admin',
          },
          { projectId: 13, path: 'acme/team/worker' },
        ],
      });
      expect(list.body.items[0].importJobId).toBeUndefined();
      const page = await api.get(
        `/imports/bulk?batchId=${batchId}&limit=1&offset=1`,
      );
      expect(page.body).toMatchObject({
        totalCount: 2,
        items: [{ projectId: 13 }],
      });
      const failed = await api.get(`/imports/bulk?state=failed`);
      expect(failed.body).toMatchObject({ totalCount: 0, items: [] });
      const inventory = await api.get('/inventory?filter=not_imported');
      expect(
        inventory.body.items.map((r: any) => [r.path, r.importState]),
      ).toEqual([
        ['acme/team/web', 'queued'],
        ['acme/team/worker', 'queued'],
      ]);

      // Queued by filter: nothing left to queue.
      const again = await api.post('/imports/bulk', {
        filter: { filter: 'not_imported', q: 'acme' },
      });
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({
        queued: 0,
        skippedCount: 2,
        skipped: [
          { projectId: 12, reason: 'already_queued' },
          { projectId: 13, reason: 'already_queued' },
        ],
      });
    });

    it.each<[string, object]>([
      [
        'an import policy that is conditional (e.g. owners only)',
        { importDecision: OWNERS_ONLY },
      ],
      [
        'an import policy that denies',
        { importDecision: { result: AuthorizeResult.DENY } },
      ],
      ['no manage permission', { allow: [READ, IMPORT] }],
    ])(
      'refuses (403) to queue or retry with %s, and audits it',
      async (_, policy) => {
        const api = await backend(policy);
        const queued = await api.post('/imports/bulk', {
          repositories: [{ host, projectId: 12 }],
        });
        expect(queued.status).toBe(403);
        const retried = await api.post('/imports/bulk/retry', {
          batchId: 'b1',
        });
        expect(retried.status).toBe(403);
        expect(await audit()).toEqual([
          'repository.import.bulk.denied',
          'repository.import.bulk.retry.denied',
        ]);
        expect(await knex('bulk_imports').select('id')).toEqual([]);
      },
    );

    it('needs the read permission to list, and credentials for everything', async () => {
      const api = await backend({ allow: [] });
      expect((await api.get('/imports/bulk')).status).toBe(403);
      const none = mockCredentials.none.header();
      expect((await api.get('/imports/bulk', undefined, none)).status).toBe(
        401,
      );
      expect(
        (await api.post('/imports/bulk', { repositories: [] }, none)).status,
      ).toBe(401);
    });

    it.each<[string, unknown, string]>([
      [
        'both forms',
        { repositories: [{ host: 'gitlab.com', projectId: 1 }], filter: {} },
        'repositories: give exactly one of repositories or filter',
      ],
      [
        'neither form',
        {},
        'repositories: give exactly one of repositories or filter',
      ],
      [
        'an empty list',
        { repositories: [] },
        'repositories: Array must contain at least 1',
      ],
      [
        'a bad project id',
        { repositories: [{ host: 'gitlab.com', projectId: 'x' }] },
        'repositories.0.projectId: Expected number',
      ],
      [
        'a bad host',
        { repositories: [{ host: 'a b', projectId: 1 }] },
        'repositories.0.host: must be a host name',
      ],
      [
        'an unknown filter',
        { filter: { filter: ['bogus'] } },
        'filter.filter: unknown filter "bogus"',
      ],
      [
        'an unknown key',
        { filter: { sort: 'path' } },
        "filter: Unrecognized key(s) in object: 'sort'",
      ],
      [
        'over 5,000 repositories',
        {
          repositories: Array.from({ length: 5001 }, (_, i) => ({
            host: 'gitlab.com',
            projectId: i + 1,
          })),
        },
        'repositories: Array must contain at most 5000',
      ],
    ])('answers %s with a 400 naming the field', async (_, body, message) => {
      const api = await backend();
      const res = await api.post('/imports/bulk', body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    });

    it('validates the list query and the retry body', async () => {
      const api = await backend();
      const bad = async (res: request.Response, message: string) => {
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
      };
      await bad(
        await api.get('/imports/bulk?state=done'),
        'state: Invalid enum value',
      );
      await bad(
        await api.get('/imports/bulk?limit=501'),
        'limit: Number must be less',
      );
      await bad(
        await api.get('/imports/bulk?batchId=a%20b'),
        'batchId: must be letters',
      );
      await bad(
        await api.post('/imports/bulk/retry', {}),
        'batchId: give batchId or ids',
      );
      await bad(
        await api.post('/imports/bulk/retry', { ids: ['x/y'] }),
        'ids.0: must be letters',
      );
    });

    it('takes 5,000 repositories in one request, and lists the first 100 it skipped', async () => {
      const api = await synced();
      const res = await api.post('/imports/bulk', {
        repositories: Array.from({ length: 5000 }, (_, i) => ({
          host,
          projectId: 100_000 + i,
        })),
      });
      expect(res.status).toBe(202);
      expect(res.body.queued).toBe(0);
      expect(res.body.skippedCount).toBe(5000);
      expect(res.body.skipped).toHaveLength(100);
      expect(res.body.skipped[99]).toEqual({
        host,
        projectId: 100_099,
        reason: 'unknown_repository',
      });
    });

    it('queues failed items again', async () => {
      const api = await synced();
      const { batchId } = (
        await api.post('/imports/bulk', {
          repositories: [
            { host, projectId: 12 },
            { host, projectId: 13 },
          ],
        })
      ).body;
      await knex('bulk_imports').update({ state: 'failed', error: 'boom' });
      const res = await api.post('/imports/bulk/retry', { batchId });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ requeued: 2 });
      const list = await api.get(`/imports/bulk?batchId=${batchId}`);
      expect(list.body.counts).toEqual({
        queued: 2,
        running: 0,
        imported: 0,
        failed: 0,
      });
      expect(list.body.items[0].error).toBeUndefined();
      expect(await audit()).toContain('repository.import.bulk.retry');
    });

    it('is worked off by the global scheduled task: imported, and the inventory knows it', async () => {
      const api = await synced({
        extra: [schedulerServiceFactory],
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
      });
      const { batchId } = (
        await api.post('/imports/bulk', {
          repositories: [
            { host, projectId: 12 },
            { host, projectId: 13 },
          ],
        })
      ).body;
      let counts;
      for (let i = 0; i < 60 && counts?.imported !== 2; i++) {
        await new Promise(resolve => setTimeout(resolve, 500));
        counts = (await api.get(`/imports/bulk?batchId=${batchId}`)).body
          .counts;
      }
      expect(counts).toEqual({ queued: 0, running: 0, imported: 2, failed: 0 });
      expect(standIns.world.snyk.orgs[0].jobs).toHaveLength(2);
      const tasks = await knex('backstage_backend_tasks__tasks').select('id');
      expect(tasks.map(t => t.id)).toContain('snyk-gitlab-bulk-import');
      // The org's targets were read once the batch was done.
      const left = await api.get('/inventory?filter=not_imported');
      expect(left.body.totalCount).toBe(0);
    }, 60_000);
  },
);
