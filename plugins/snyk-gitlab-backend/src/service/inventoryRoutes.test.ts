import { TestDatabaseId, mockCredentials } from '@backstage/backend-test-utils';
import {
  ORG_ID,
  StandIns,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import { orgIdFor } from '../bulk/createInventoryServices';
import { DatabaseSnykGitlabStore } from '../database/DatabaseSnykGitlabStore';
import { InventoryColumns } from '../database/inventoryColumns';
import { StoredRepository } from '../database/SnykGitlabStore';
import { createTestDatabases } from '../__testUtils__/databases';
import { startRouteBackend } from '../__testUtils__/routeBackend';
import { clearTables } from '../__testUtils__/services';

const databases = createTestDatabases();
const READ = 'snyk-gitlab.integration.read';

describe.each(databases.eachSupportedId())(
  'inventory API on %s',
  databaseId => {
    let knex: Knex;
    let standIns: StandIns;
    let host: string;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });
    beforeEach(async () => {
      const world = testWorld();
      world.snyk.orgs[0].targets = [
        {
          id: 'a0f1c2d3-0000-4000-8000-000000000001',
          displayName: 'acme/api',
          url: 'https://gitlab.example/acme/api',
          integrationType: 'gitlab',
          projects: [
            {
              id: 'a0f1c2d3-0000-4000-8000-0000000000aa',
              name: 'acme/api:package.json',
              type: 'npm',
              targetFile: 'package.json',
              branch: 'main',
              issueCounts: { critical: 3, high: 1, medium: 0, low: 2 },
            },
          ],
        },
      ];
      standIns = await startStandIns({ world });
      host = new URL(standIns.gitlabUrl).host;
      if (await knex.schema.hasTable('repositories')) await clearTables(knex);
    });
    afterEach(() => standIns.close());

    /** A backend whose policy allows the permissions named (all by default). */
    const backend = (allow?: string[]) =>
      startRouteBackend({ knex, standIns, allow });

    /** The stand-in's three repositories synced; acme/api imported in Snyk. */
    async function synced() {
      const api = await backend();
      const send = (method: 'put' | 'post', path: string, body?: object) =>
        api[method](path, body);
      expect(
        (
          await send('put', '/integrations/group', {
            profileName: 'Acme',
            host,
          })
        ).status,
      ).toBe(200);
      expect((await send('post', '/sync')).status).toBe(202);
      expect((await send('put', `/integrations/orgs/${ORG_ID}`)).status).toBe(
        200,
      );
      return api;
    }

    /** Adds repositories as a sync of the host would (the plugin's store keeps the org columns). */
    async function addRepositories(repositories: StoredRepository[]) {
      const store = await DatabaseSnykGitlabStore.create(
        { getClient: async () => knex, migrations: { skip: true } },
        new InventoryColumns(
          orgIdFor([
            { orgId: ORG_ID, gitlabHost: host, gitlabGroups: ['acme'] },
          ]),
        ),
      );
      const group = (await store.getGroupIntegration(host))!;
      await store.saveRepositories(host, repositories, group.updatedAt);
    }

    const repo = (
      projectId: number,
      path: string,
      file: Partial<StoredRepository['catalogFile']> = {},
      entityRefs: string[] = [],
    ): StoredRepository => ({
      host,
      projectId,
      path,
      webUrl: `${standIns.gitlabUrl}/${path}`,
      catalogFingerprint: 'x',
      catalogFile: {
        filename: 'catalog-info.yaml',
        present: true,
        attributes: {},
        problems: [],
        ...file,
      },
      entityRefs,
      syncedAt: new Date().toISOString(),
    });

    it('answers the inventory filtered, sorted and paged, with the org, target and counts', async () => {
      const api = await synced();
      const all = await api.get('/inventory');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ totalCount: 3, offset: 0, limit: 50 });
      expect(all.body.items.map((r: any) => r.path)).toEqual([
        'acme/api',
        'acme/team/web',
        'acme/team/worker',
      ]);
      expect(all.body.items[0]).toEqual({
        host,
        projectId: 11,
        path: 'acme/api',
        webUrl: `${standIns.gitlabUrl}/acme/api`,
        entityRef: 'component:default/api',
        owner: 'team-a',
        system: 'shop',
        catalogFile: { present: true, problems: [] },
        orgId: ORG_ID,
        targetId: 'a0f1c2d3-0000-4000-8000-000000000001',
        imported: true,
        issueCounts: { critical: 3, high: 1, medium: 0, low: 2 },
      });
      expect(all.body.items[1]).toMatchObject({
        path: 'acme/team/web',
        catalogFile: { present: false },
        imported: false,
      });

      const names = async (query: string) => {
        const res = await api.get(`/inventory?${query}`);
        expect(res.status).toBe(200);
        return [res.body.totalCount, res.body.items.map((r: any) => r.path)];
      };
      expect(await names('filter=not_imported')).toEqual([
        2,
        ['acme/team/web', 'acme/team/worker'],
      ]);
      expect(await names('filter=no_catalog_file,not_imported')).toEqual([
        1,
        ['acme/team/web'],
      ]);
      expect(await names('filter=critical_issues')).toEqual([1, ['acme/api']]);
      expect(await names('filter=catalog_problems')).toEqual([0, []]);
      expect(await names('q=TEAM/W&sort=path&order=desc')).toEqual([
        2,
        ['acme/team/worker', 'acme/team/web'],
      ]);
      // worker, api, then web (no catalog file, no entity).
      expect(await names('sort=entity&order=desc&limit=2&offset=1')).toEqual([
        3,
        ['acme/api', 'acme/team/web'],
      ]);
      expect(
        await names(
          `host=${encodeURIComponent(host)}&sort=critical&order=desc&limit=1`,
        ),
      ).toEqual([3, ['acme/api']]);
      expect(await names('host=other.example.com')).toEqual([0, []]);
    });

    it.each([
      ['limit=0', 'limit: Number must be greater than or equal to 1'],
      ['limit=501', 'limit: Number must be less than or equal to 500'],
      ['limit=ten', 'limit: Expected number, received nan'],
      ['offset=-1', 'offset: Number must be greater than or equal to 0'],
      ['filter=no_catalog_file,bogus', 'filter: unknown filter "bogus"'],
      ['sort=size', 'sort: Invalid enum value'],
      ['order=up', 'order: Invalid enum value'],
      [`q=${'a'.repeat(201)}`, 'q: String must contain at most 200'],
      ['q=a%00b', 'q: must not contain control characters'],
      ['host=not%20a%20host', 'host: must be a host name'],
      ['page=2', "Unrecognized key(s) in object: 'page'"],
    ])('answers %s with a 400 naming the field', async (query, message) => {
      const api = await backend();
      const res = await api.get(`/inventory?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
      const csv = await api.get(`/inventory/export.csv?${query}`);
      expect(csv.status).toBe(400);
    });

    it('needs the read permission', async () => {
      const denied = await backend([]);
      for (const path of ['/inventory', '/inventory/export.csv']) {
        const res = await denied.get(path);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(`You are not allowed to ${READ}`);
        expect(
          (await denied.get(path, undefined, mockCredentials.none.header()))
            .status,
        ).toBe(401);
      }
      const reader = await backend([READ]);
      expect((await reader.get('/inventory')).status).toBe(200);
      expect((await reader.get('/inventory/export.csv')).status).toBe(200);
    });

    it('exports CSV per RFC 4180, with formulas defused', async () => {
      const api = await synced();
      await addRepositories([
        repo(
          50,
          'acme/evil',
          {
            attributes: {
              owner: '=HYPERLINK("http://x","y")',
              application: '+1',
            },
            problems: [
              '-2 problems',
              '@admin',
              'has "quotes", commas\nand lines',
            ],
          },
          ['component:default/evil'],
        ),
      ]);
      const res = await api.get('/inventory/export.csv?sort=path&order=desc');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('attachment');
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe(
        '"host","projectId","path","webUrl","entityRef","owner","system","catalogFile","catalogProblems","orgId","targetId","imported","critical","high","medium","low","importState","importError"',
      );
      expect(lines.slice(1, -1).map(l => l.split(',')[2])).toEqual([
        '"acme/team/worker"',
        '"acme/team/web"',
        '"acme/evil"',
        '"acme/api"',
      ]);
      expect(lines[lines.length - 1]).toBe('');
      expect(lines[3]).toBe(
        [
          `"${host}"`,
          '"50"',
          '"acme/evil"',
          `"${standIns.gitlabUrl}/acme/evil"`,
          '"component:default/evil"',
          `"'=HYPERLINK(""http://x"",""y"")"`,
          `"'+1"`,
          '"present"',
          `"'-2 problems; @admin; has ""quotes"", commas\nand lines"`,
          `"${ORG_ID}"`,
          '""',
          '"no"',
          '""',
          '""',
          '""',
          '""',
          '""',
          '""',
        ].join(','),
      );
      expect(lines[4]).toContain(
        `"${ORG_ID}","a0f1c2d3-0000-4000-8000-000000000001","yes","3","1","0","2"`,
      );
      // The same filters as the table.
      const filtered = await api.get(
        '/inventory/export.csv?filter=critical_issues',
      );
      expect(filtered.text.split('\r\n')).toHaveLength(3);
    });

    it('streams the export a chunk at a time, whole and in order', async () => {
      const api = await synced();
      const many = Array.from({ length: 2500 }, (_, i) =>
        repo(1000 + i, `bulk/r${String(i).padStart(4, '0')}`),
      );
      await addRepositories(many);
      const res = await api.get('/inventory/export.csv?q=bulk/');
      expect(res.status).toBe(200);
      const paths = res.text
        .split('\r\n')
        .slice(1, -1)
        .map(l => JSON.parse(l.split(',')[2]));
      expect(paths).toEqual(many.map(r => r.path));
    });
  },
);
