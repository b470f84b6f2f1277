import { TestDatabaseId } from '@backstage/backend-test-utils';
import { SnykTarget } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Knex } from 'knex';
import { orgIdFor } from '../bulk/createInventoryServices';
import { createTestDatabases } from '../__testUtils__/databases';
import { saveInventory, saveProfile } from '../__testUtils__/inventory';
import { plansOf } from '../__testUtils__/queryPlans';
import { clearTables } from '../__testUtils__/services';
import { DatabaseSnykGitlabStore } from './DatabaseSnykGitlabStore';
import { InventoryColumns } from './inventoryColumns';
import { StoredRepository } from './SnykGitlabStore';

const databases = createTestDatabases();
const HOST = 'gitlab.com';
const ORGS = [{ orgId: 'org-a', gitlabHost: HOST, gitlabGroups: [] }];

const repo: StoredRepository = {
  host: HOST,
  projectId: 3,
  path: 'acme/c',
  defaultBranch: 'main',
  webUrl: `https://${HOST}/acme/c`,
  catalogFingerprint: 'fp',
  catalogFile: {
    filename: 'catalog-info.yaml',
    present: false,
    attributes: {},
    problems: [],
  },
  entityRefs: [],
  syncedAt: '2026-12-01T00:00:00.000Z',
};

function target(targetId: string, displayName: string, critical: number) {
  const issueCounts = { critical, high: 0, medium: 0, low: 0 };
  return {
    orgId: 'org-a',
    targetId,
    displayName,
    projects: [{ id: `p-${targetId}`, name: displayName, issueCounts }],
    issueCounts,
  } as SnykTarget;
}

describe.each(databases.eachSupportedId())(
  'targets whose names differ only in case, on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseSnykGitlabStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      store = await DatabaseSnykGitlabStore.create(
        { getClient: async () => knex, migrations: { skip: false } },
        new InventoryColumns(orgIdFor(ORGS)),
      );
    });

    const saveRepositories = async (
      lastSyncAt: string,
      repositories: StoredRepository[] = [repo],
    ) =>
      saveInventory(store, HOST, repositories, {
        lastSyncAt,
        settingsUpdatedAt: (await store.getGroupIntegration(HOST))!.updatedAt,
      });

    beforeEach(async () => {
      await clearTables(knex);
      await saveProfile(store, HOST, 'Acme');
      await saveRepositories('2026-12-01T00:00:00.000Z');
    });

    it("reads a batch's targets through the name index, without reading the org's every target", async () => {
      await store.replaceTargets(
        'org-a',
        Array.from({ length: 300 }, (_, i) =>
          target(`t-${i}`, `acme/r${i}`, 0),
        ),
      );
      const plans = await plansOf(
        knex,
        async () => {
          // A sync batch of several repositories, then a page of /index.
          await saveRepositories(
            '2026-12-02T00:00:00.000Z',
            Array.from({ length: 5 }, (_, i) => ({
              ...repo,
              projectId: 10 + i,
              path: `acme/r${i}`,
            })),
          );
          await store.listIndexPage([HOST], undefined, 10, () => 'org-a');
        },
        /^select .* from .snyk_targets./i,
      );
      expect(plans).toHaveLength(2);
      for (const plan of plans) {
        expect(plan).toContain('snyk_targets_name_id_idx');
        expect(plan).not.toMatch(/temp b-tree|Sort/i);
      }
    });

    it.each([
      ['smaller id saved first', ['t-1', 't-2']],
      ['larger id saved first', ['t-2', 't-1']],
    ])(
      'the inventory and the entity page show the same one, the first by id (%s)',
      async (_, ids) => {
        const names: Record<string, string> = {
          't-1': 'ACME/C',
          't-2': 'acme/c',
        };
        for (const id of ids) {
          await store.saveTargets('org-a', [
            target(id, names[id], id === 't-1' ? 1 : 2),
          ]);
        }
        const column = async () =>
          knex('repositories')
            .where({ host: HOST, project_id: 3 })
            .first('target_id', 'critical_count');
        expect(await column()).toEqual({ target_id: 't-1', critical_count: 1 });
        expect((await store.findTarget('org-a', 'acme/c'))?.targetId).toBe(
          't-1',
        );
        const [entry] = await store.listIndexPage(
          [HOST],
          undefined,
          10,
          () => 'org-a',
        );
        expect(entry.targetId).toBe('t-1');
        // A sync saving the repository again, and a refresh of all targets, keep it.
        await saveRepositories('2026-12-02T00:00:00.000Z');
        expect(await column()).toEqual({ target_id: 't-1', critical_count: 1 });
        await store.replaceTargets(
          'org-a',
          [...ids]
            .reverse()
            .map(id => target(id, names[id], id === 't-1' ? 1 : 2)),
        );
        expect(await column()).toEqual({ target_id: 't-1', critical_count: 1 });
        expect((await store.findTarget('org-a', 'acme/c'))?.targetId).toBe(
          't-1',
        );
      },
    );
  },
);
