import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  InventoryFilter,
  InventorySort,
  IssueCounts,
  SnykTarget,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Knex } from 'knex';
import path from 'node:path';
import { orgIdFor } from '../bulk/createInventoryServices';
import { createTestDatabases } from '../__testUtils__/databases';
import { saveInventory, saveProfile } from '../__testUtils__/inventory';
import { DatabaseSnykGitlabStore } from './DatabaseSnykGitlabStore';
import { InventoryColumns } from './inventoryColumns';
import { InventoryQueries, InventorySelection } from './inventoryQuery';
import { StoredRepository } from './SnykGitlabStore';

const databases = createTestDatabases();
const HOST = 'gitlab.com';
const OTHER_HOST = 'gitlab.example.org';
const ORGS = [
  { orgId: 'org-a', gitlabHost: HOST, gitlabGroups: ['acme'] },
  { orgId: 'org-b', gitlabHost: HOST, gitlabGroups: [] },
  { orgId: 'org-c', gitlabHost: OTHER_HOST, gitlabGroups: [] },
];

function repo(
  projectId: number,
  projectPath: string,
  file?: { owner?: string; system?: string; problems?: string[] },
  host = HOST,
): StoredRepository {
  return {
    host,
    projectId,
    path: projectPath,
    defaultBranch: 'main',
    webUrl: `https://${host}/${projectPath}`,
    catalogFingerprint: 'fp',
    catalogFile: {
      filename: 'catalog-info.yaml',
      present: Boolean(file),
      attributes: file
        ? {
            ...(file.owner ? { owner: file.owner } : {}),
            ...(file.system ? { application: file.system } : {}),
          }
        : {},
      problems: file?.problems ?? [],
    },
    entityRefs: file ? [`component:default/${projectPath.split('/')[1]}`] : [],
    syncedAt: '2026-12-01T00:00:00.000Z',
  };
}

function target(
  orgId: string,
  displayName: string,
  counts: Partial<IssueCounts>,
): SnykTarget {
  const issueCounts = { critical: 0, high: 0, medium: 0, low: 0, ...counts };
  return {
    orgId,
    targetId: `t-${displayName.replace(/\W/g, '-')}`,
    displayName,
    projects: [
      {
        id: `p-${displayName}`,
        name: displayName,
        url: 'https://app.snyk.io/x',
        issueCounts,
      },
    ],
    issueCounts,
  };
}

const INVENTORY = [
  repo(1, 'acme/alpha', { owner: 'team-b', system: 'shop' }),
  repo(2, 'acme/beta', {
    owner: 'team-a',
    system: 'pay',
    problems: ['spec.type is missing'],
  }),
  repo(3, 'acme/gamma'),
  repo(4, 'other/delta', { owner: 'team-c', system: 'shop' }),
  repo(5, 'other/epsilon', {
    owner: 'team-a',
    problems: ['not a catalog entity'],
  }),
  repo(6, 'acme/zeta', { owner: 'team-d' }, OTHER_HOST),
];

const TARGETS: Record<string, SnykTarget[]> = {
  'org-a': [
    target('org-a', 'acme/alpha', { critical: 2, high: 1, medium: 4, low: 5 }),
    target('org-a', 'ACME/Beta', { high: 3 }),
  ],
  // A target of the same name in another org is not acme/gamma's.
  'org-b': [
    target('org-b', 'other/delta', { critical: 1 }),
    target('org-b', 'acme/gamma', { critical: 9 }),
  ],
  'org-c': [],
};

describe.each(databases.eachSupportedId())(
  'inventory queries on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseSnykGitlabStore;
    let queries: InventoryQueries;

    const select = (
      s: Partial<InventorySelection> = {},
    ): InventorySelection => ({
      filter: [],
      sort: 'path',
      order: 'asc',
      ...s,
    });
    const paths = async (s: Partial<InventorySelection> = {}) =>
      (await queries.page(select(s), 0, 500)).items.map(r => r.path);

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      store = await DatabaseSnykGitlabStore.create(
        { getClient: async () => knex, migrations: { skip: false } },
        new InventoryColumns(orgIdFor(ORGS)),
      );
      queries = new InventoryQueries(knex);
    });

    beforeEach(async () => {
      for (const table of [
        'bulk_imports',
        'repository_entities',
        'repositories',
        'snyk_targets',
        'group_integrations',
      ]) {
        await knex(table).delete();
      }
      for (const host of [HOST, OTHER_HOST]) {
        const settingsUpdatedAt = await saveProfile(store, host);
        await saveInventory(
          store,
          host,
          INVENTORY.filter(r => r.host === host),
          { lastSyncAt: '2026-12-01T00:00:00.000Z', settingsUpdatedAt },
        );
      }
      for (const [orgId, targets] of Object.entries(TARGETS)) {
        await store.replaceTargets(orgId, targets);
      }
    });

    it('answers each repository with its catalog values, org, target and counts', async () => {
      const page = await queries.page(select(), 0, 2);
      expect(page).toEqual({
        totalCount: 6,
        offset: 0,
        limit: 2,
        items: [
          {
            host: HOST,
            projectId: 1,
            path: 'acme/alpha',
            webUrl: 'https://gitlab.com/acme/alpha',
            entityRef: 'component:default/alpha',
            owner: 'team-b',
            system: 'shop',
            catalogFile: { present: true, problems: [] },
            orgId: 'org-a',
            targetId: 't-acme-alpha',
            imported: true,
            issueCounts: { critical: 2, high: 1, medium: 4, low: 5 },
          },
          {
            host: HOST,
            projectId: 2,
            path: 'acme/beta',
            webUrl: 'https://gitlab.com/acme/beta',
            entityRef: 'component:default/beta',
            owner: 'team-a',
            system: 'pay',
            catalogFile: { present: true, problems: ['spec.type is missing'] },
            orgId: 'org-a',
            // Snyk's display name matches the path in any case, as findTarget does.
            targetId: 't-ACME-Beta',
            imported: true,
            issueCounts: { critical: 0, high: 3, medium: 0, low: 0 },
          },
        ],
      });
      const gamma = (await queries.find([{ host: HOST, projectId: 3 }]))[0];
      expect(gamma).toMatchObject({
        path: 'acme/gamma',
        orgId: 'org-a',
        imported: false,
        catalogFile: { present: false, problems: [] },
      });
      expect(gamma.targetId).toBeUndefined();
      expect(gamma.issueCounts).toBeUndefined();
      expect(gamma.owner).toBeUndefined();
    });

    it.each<[InventoryFilter[], string[]]>([
      [['no_catalog_file'], ['acme/gamma']],
      [['catalog_problems'], ['acme/beta', 'other/epsilon']],
      [['not_imported'], ['acme/gamma', 'other/epsilon', 'acme/zeta']],
      [['critical_issues'], ['acme/alpha', 'other/delta']],
      // Filters combine: all must hold.
      [['catalog_problems', 'not_imported'], ['other/epsilon']],
      [['critical_issues', 'no_catalog_file'], []],
    ])('filters %j', async (filter, expected) => {
      expect(await paths({ filter })).toEqual(expected);
      expect(await queries.count({ filter })).toBe(expected.length);
    });

    it('narrows by host and by a case-insensitive path substring, wildcards taken literally', async () => {
      expect(await paths({ host: OTHER_HOST })).toEqual(['acme/zeta']);
      expect(await paths({ q: 'ACME/' })).toEqual([
        'acme/alpha',
        'acme/beta',
        'acme/gamma',
        'acme/zeta',
      ]);
      expect(await paths({ q: 'ta', host: HOST })).toEqual([
        'acme/beta',
        'other/delta',
      ]);
      expect(await paths({ q: '%' })).toEqual([]);
      expect(await paths({ q: '_' })).toEqual([]);
      expect(await paths({ q: 'a!' })).toEqual([]);
    });

    it.each<[InventorySort, 'asc' | 'desc', string[]]>([
      // By path within each host.
      [
        'path',
        'desc',
        [
          'acme/zeta',
          'other/epsilon',
          'other/delta',
          'acme/gamma',
          'acme/beta',
          'acme/alpha',
        ],
      ],
      // Ties and empty values: then by host and path, ascending; no owner sorts first.
      [
        'owner',
        'asc',
        [
          'acme/gamma',
          'acme/beta',
          'other/epsilon',
          'acme/alpha',
          'other/delta',
          'acme/zeta',
        ],
      ],
      [
        'system',
        'desc',
        [
          'acme/alpha',
          'other/delta',
          'acme/beta',
          'acme/gamma',
          'other/epsilon',
          'acme/zeta',
        ],
      ],
      [
        'critical',
        'desc',
        [
          'acme/alpha',
          'other/delta',
          'acme/beta',
          'acme/gamma',
          'other/epsilon',
          'acme/zeta',
        ],
      ],
      [
        'high',
        'desc',
        [
          'acme/beta',
          'acme/alpha',
          'acme/gamma',
          'other/delta',
          'other/epsilon',
          'acme/zeta',
        ],
      ],
      [
        'entity',
        'asc',
        [
          'acme/gamma',
          'acme/alpha',
          'acme/beta',
          'other/delta',
          'other/epsilon',
          'acme/zeta',
        ],
      ],
    ])(
      'sorts by %s %s; keyset chunks give the same order',
      async (sort, order, expected) => {
        expect(await paths({ sort, order })).toEqual(expected);
        const chunked: string[] = [];
        for await (const rows of queries.chunks(select({ sort, order }), 2)) {
          expect(rows.length).toBeLessThanOrEqual(2);
          chunked.push(...rows.map(r => r.path));
        }
        expect(chunked).toEqual(expected);
      },
    );

    it('pages with offset and limit, counting every match', async () => {
      const page = await queries.page(
        select({ sort: 'critical', order: 'desc' }),
        2,
        3,
      );
      expect(page.totalCount).toBe(6);
      expect(page.items.map(r => r.path)).toEqual([
        'acme/beta',
        'acme/gamma',
        'other/epsilon',
      ]);
      expect((await queries.page(select(), 6, 3)).items).toEqual([]);
    });

    it('keeps the target columns when targets change, repositories are saved or the org config changes', async () => {
      const row = async (id: number) =>
        (await queries.find([{ host: HOST, projectId: id }]))[0];
      // One target saved after an import.
      await store.saveTargets('org-a', [
        target('org-a', 'acme/gamma', { critical: 1, high: 2 }),
      ]);
      expect(await row(3)).toMatchObject({
        imported: true,
        targetId: 't-acme-gamma',
        issueCounts: { critical: 1, high: 2 },
      });
      // The org's targets replaced: alpha is gone from Snyk.
      await store.replaceTargets('org-a', [target('org-a', 'acme/beta', {})]);
      expect(await row(1)).toMatchObject({ imported: false });
      expect((await row(1)).issueCounts).toBeUndefined();
      expect(await paths({ filter: ['critical_issues'] })).toEqual([
        'other/delta',
      ]);
      // A catalog file edited at the next sync.
      const group = (await store.getGroupIntegration(HOST))!;
      await store.saveRepositories(
        HOST,
        [repo(1, 'acme/alpha', { owner: 'team-z', problems: ['x'] })],
        group.updatedAt,
      );
      expect(await row(1)).toMatchObject({
        owner: 'team-z',
        system: undefined,
        catalogFile: { problems: ['x'] },
      });
      // Config now sends every gitlab.com repository to org-b.
      const moved = await new InventoryColumns(
        orgIdFor([{ orgId: 'org-b', gitlabHost: HOST, gitlabGroups: [] }]),
      ).reconcile(knex);
      // acme/* moved from org-a; the other host's repository has no org any more.
      expect(moved).toBe(4);
      expect(
        (await queries.find([{ host: OTHER_HOST, projectId: 6 }]))[0].orgId,
      ).toBeUndefined();
      expect(await row(3)).toMatchObject({
        orgId: 'org-b',
        targetId: 't-acme-gamma',
        issueCounts: { critical: 9 },
      });
      expect(await row(2)).toMatchObject({ orgId: 'org-b', imported: false });
      // Nothing changed: nothing written.
      expect(
        await new InventoryColumns(
          orgIdFor([{ orgId: 'org-b', gitlabHost: HOST, gitlabGroups: [] }]),
        ).reconcile(knex),
      ).toBe(0);
    });

    it("shows each repository's latest bulk import item", async () => {
      const item = (
        id: string,
        state: string,
        createdAt: string,
        error?: string,
      ) => ({
        id,
        batch_id: 'b',
        org_id: 'org-a',
        host: HOST,
        project_id: 3,
        path: 'acme/gamma',
        state,
        attempts: 1,
        error: error ?? null,
        created_by: 'user:default/admin',
        created_at: createdAt,
        updated_at: createdAt,
      });
      await knex('bulk_imports').insert([
        item('i1', 'imported', '2026-12-01T00:00:00.000Z'),
        item('i2', 'failed', '2026-12-02T00:00:00.000Z', 'Snyk said no'),
      ]);
      const rows = (await queries.page(select({ q: 'gamma' }), 0, 10)).items;
      expect(rows[0]).toMatchObject({
        importState: 'failed',
        importError: 'Snyk said no',
      });
    });

    it('migrates down and up, filling the columns from what was stored', async () => {
      const dir = path.resolve(__dirname, '../../migrations');
      const name = '20261203110000_inventory_columns.js';
      await knex.migrate.down({ directory: dir, name });
      expect(await knex.schema.hasColumn('repositories', 'owner')).toBe(false);
      expect(
        await knex.schema.hasColumn('snyk_targets', 'critical_count'),
      ).toBe(false);
      await knex('repositories')
        .where({ project_id: 2 })
        .update({ catalog_problems: JSON.stringify(['a', 'b']) });
      await knex.migrate.up({ directory: dir, name });
      const row = await knex('repositories').where({ project_id: 2 }).first();
      expect(row).toMatchObject({
        owner: 'team-a',
        system: 'pay',
        entity_ref: 'component:default/beta',
        problem_count: 2,
        critical_count: 0,
      });
      expect(row.org_id).toBeNull();
      const t = await knex('snyk_targets')
        .where({ target_id: 't-acme-alpha' })
        .first();
      expect(t).toMatchObject({
        critical_count: 2,
        high_count: 1,
        medium_count: 4,
        low_count: 5,
      });
      // The org and target come back at start-up, from config.
      await new InventoryColumns(orgIdFor(ORGS)).reconcile(knex);
      expect(
        (await queries.find([{ host: HOST, projectId: 1 }]))[0],
      ).toMatchObject({
        orgId: 'org-a',
        targetId: 't-acme-alpha',
        imported: true,
      });
    });
  },
);
