import { TestDatabaseId } from '@backstage/backend-test-utils';
import { tokenScopeFacts } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Knex } from 'knex';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/databases';
import { saveInventory } from '../__testUtils__/inventory';
import { plansOf } from '../__testUtils__/queryPlans';
import { clearTables } from '../__testUtils__/services';
import { DatabaseSnykGitlabStore } from './DatabaseSnykGitlabStore';
import { SettingsChangedError, StoredRepository } from './SnykGitlabStore';

const databases = createTestDatabases();

function repo(
  projectId: number,
  projectPath: string,
  overrides: Partial<StoredRepository> = {},
): StoredRepository {
  return {
    host: 'gitlab.com',
    projectId,
    path: projectPath,
    defaultBranch: 'main',
    webUrl: `https://gitlab.com/${projectPath}`,
    lastActivityAt: '2026-11-01T00:00:00Z',
    catalogFingerprint: 'fp',
    catalogFile: {
      filename: 'catalog-info.yaml',
      present: true,
      attributes: { owner: 'a' },
      problems: [],
    },
    entityRefs: [`component:default/${projectPath.split('/').pop()}`],
    syncedAt: '2026-11-24T00:00:00.000Z',
    ...overrides,
  };
}

const catalog = {
  enabled: true,
  filename: 'catalog-info.yaml',
  attributes: { owner: ['spec.owner'] },
};

describe.each(databases.eachSupportedId())(
  'DatabaseSnykGitlabStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseSnykGitlabStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      store = await DatabaseSnykGitlabStore.create({
        getClient: async () => knex,
        migrations: { skip: false },
      });
    });

    beforeEach(async () => {
      await clearTables(knex);
    });

    /** Saves the group integration on a host; answers its settings version. */
    const saved = async (host = 'gitlab.com') => {
      await store.saveGroupIntegration({
        profileName: 'Acme',
        host,
        catalog,
        status: 'partially_connected',
        updatedBy: 'u',
      });
      return (await store.getGroupIntegration(host))!.updatedAt;
    };

    it('migrates down and up again', async () => {
      const dir = path.resolve(__dirname, '../../migrations');
      await knex.migrate.rollback({ directory: dir }, true);
      expect(await knex.schema.hasTable('repositories')).toBe(false);
      await knex.migrate.latest({ directory: dir });
      expect(await knex.schema.hasTable('repositories')).toBe(true);
    });

    it('forgets catalog settings and values that broke the catalog rules', async () => {
      const dir = path.resolve(__dirname, '../../migrations');
      await knex.migrate.rollback({ directory: dir }, true);
      await knex.migrate.up({ directory: dir });
      const unsafe = {
        enabled: true,
        filename: 'k8s/db-secret.yaml',
        attributes: { owner: ['stringData.DB_PASSWORD'] },
      };
      await knex('group_integrations').insert({
        id: 'default',
        profile_name: 'Acme',
        host: 'gitlab.com',
        catalog: JSON.stringify(unsafe),
        status: 'connected',
        updated_at: '2026-11-24T00:00:00Z',
      });
      const row = (id: number, filename: string) => ({
        host: 'gitlab.com',
        project_id: id,
        path: `acme/p${id}`,
        web_url: `https://gitlab.com/acme/p${id}`,
        catalog_filename: filename,
        catalog_fingerprint: 'f',
        catalog_present: true,
        catalog_attributes: JSON.stringify({ owner: 'hunter2' }),
        catalog_problems: '[]',
        entity_refs: JSON.stringify(['secret:default/db']),
        synced_at: '2026-11-24T00:00:00Z',
      });
      await knex('repositories').insert([
        row(1, 'k8s/db-secret.yaml'),
        row(2, 'catalog-info.yaml'),
      ]);
      await knex('repository_entities').insert([
        { entity_ref: 'secret:default/db', host: 'gitlab.com', project_id: 1 },
        {
          entity_ref: 'component:default/p2',
          host: 'gitlab.com',
          project_id: 2,
        },
      ]);

      await knex.migrate.latest({ directory: dir });
      const group = await store.getGroupIntegration('gitlab.com');
      expect(group?.catalog).toEqual({
        enabled: false,
        filename: 'catalog-info.yaml',
        attributes: {},
      });
      expect(group?.statusReason).toMatch(/catalog option was turned off/);
      const [one, two] = await store.listRepositories('gitlab.com');
      expect(one.catalogFile).toMatchObject({ present: false, attributes: {} });
      expect(one.entityRefs).toEqual([]);
      expect(two.catalogFile.attributes).toEqual({ owner: 'hunter2' });
      expect(
        (await knex('repository_entities').select('entity_ref')).map(
          r => r.entity_ref,
        ),
      ).toEqual(['component:default/p2']);
      expect(await knex.schema.hasColumn('import_jobs', 'polled_at')).toBe(
        true,
      );
    });

    it('fits every remote string to its column instead of failing the write', async () => {
      await store.saveTokenCheck({
        host: 'gitlab.com',
        configured: true,
        ok: true,
        name: `a\u0000b${'n'.repeat(400)}`,
        ...tokenScopeFacts(['api']),
        problem: 'bad\u0000 answer',
      });
      const [check] = await store.listTokenChecks();
      expect(check.name).toBe(`ab${'n'.repeat(253)}`);
      expect(check.problem).toBe('bad answer');
      await store.replaceTargets('org', [
        {
          orgId: 'org',
          targetId: 't\u00001',
          displayName: `acme/\u0000${'x'.repeat(2000)}`,
          url: `https://gitlab.com/\ud800${'u'.repeat(3000)}`,
          projects: [],
          issueCounts: { critical: 0, high: 0, medium: 0, low: 0 },
        },
      ]);
      const [target] = await knex('snyk_targets').select(
        'target_id',
        'display_name',
      );
      expect(target.target_id).toBe('t1');
      expect(target.display_name).toHaveLength(1024);
    });

    it('finds a repository by path and a target by name through an index', async () => {
      const many = Array.from({ length: 2000 }, (_, i) =>
        repo(i + 1, `Big/P${i}`),
      );
      await saveInventory(store, 'gitlab.com', many, {
        lastSyncAt: 't',
        settingsUpdatedAt: await saved(),
      });
      await store.replaceTargets(
        'o1',
        many.map(r => ({
          orgId: 'o1',
          targetId: `t${r.projectId}`,
          displayName: r.path,
          projects: [],
          issueCounts: { critical: 0, high: 0, medium: 0, low: 0 },
        })),
      );
      let found: unknown;
      const [repoPlan] = await plansOf(knex, async () => {
        found = await store.findRepository({
          host: 'gitlab.com',
          path: 'big/p17',
        });
      });
      expect(found).toMatchObject({ projectId: 18 });
      expect(repoPlan).toContain('repositories_host_path_lower_idx');
      const [targetPlan] = await plansOf(knex, async () => {
        found = await store.findTarget('o1', 'BIG/P17');
      });
      expect(found).toMatchObject({ targetId: 't18' });
      expect(targetPlan).toContain('snyk_targets_name_id_idx');
      expect(targetPlan).not.toMatch(/sort|temp b-tree/i);
    });

    it('seeds a profile from app-config once ever, never over a saved one', async () => {
      const seed = (host: string) =>
        store.seedGroupIntegration({
          profileName: 'From config',
          host,
          catalog,
          statusReason: 'seeded',
        });
      // Saved from the portal first: kept, and the seed counts as applied.
      await saved('gitlab.example.org');
      expect(await seed('gitlab.example.org')).toBe(false);
      expect(
        await store.getGroupIntegration('gitlab.example.org'),
      ).toMatchObject({ profileName: 'Acme', updatedBy: 'u' });
      await store.deleteGroupIntegration('gitlab.example.org');
      expect(await seed('gitlab.example.org')).toBe(false);
      expect(
        await store.getGroupIntegration('gitlab.example.org'),
      ).toBeUndefined();

      expect(await seed('gitlab.com')).toBe(true);
      expect(await store.getGroupIntegration('gitlab.com')).toMatchObject({
        profileName: 'From config',
        status: 'partially_connected',
        statusReason: 'seeded',
        updatedBy: 'app-config',
      });
      await store.deleteGroupIntegration('gitlab.com');
      expect(await seed('gitlab.com')).toBe(false);
      expect(await store.listGroupIntegrations()).toEqual([]);
    });

    it('never lets an org check overwrite a newer save of that org', async () => {
      const org = {
        orgId: 'o1',
        host: 'gitlab.com',
        status: 'failed' as const,
        updatedAt: 't1',
      };
      await store.saveOrgIntegration(org);
      // A repair is saved while a sync still checks the org as it was at t1.
      await store.saveOrgIntegration({
        ...org,
        status: 'connected',
        snykIntegrationId: 'i1',
        updatedAt: 't2',
      });
      await store.recordOrgCheck('o1', 't1', {
        status: 'failed',
        statusReason: 'old',
        lastCheckedAt: 'c1',
      });
      expect(await store.listOrgIntegrations()).toEqual([
        expect.objectContaining({
          status: 'connected',
          snykIntegrationId: 'i1',
          statusReason: undefined,
        }),
      ]);
      await store.recordOrgCheck('o1', 't2', {
        status: 'connected',
        lastCheckedAt: 'c2',
      });
      expect((await store.listOrgIntegrations())[0].lastCheckedAt).toBe('c2');
    });

    it('saves the group integration and records sync outcomes', async () => {
      expect(await store.getGroupIntegration('gitlab.com')).toBeUndefined();
      await store.saveGroupIntegration({
        profileName: 'Acme',
        host: 'gitlab.com',
        catalog,
        status: 'partially_connected',
        updatedBy: 'user:default/a',
      });
      expect(await store.getGroupIntegration('gitlab.com')).toMatchObject({
        profileName: 'Acme',
        status: 'partially_connected',
        catalog,
        updatedBy: 'user:default/a',
      });
      await store.recordSyncOutcome('gitlab.com', {
        status: 'failed',
        statusReason: 'boom',
        lastSyncAt: '2026-11-24T01:00:00.000Z',
        settingsUpdatedAt: (await store.getGroupIntegration('gitlab.com'))!
          .updatedAt,
      });
      expect(await store.getGroupIntegration('gitlab.com')).toMatchObject({
        status: 'failed',
        statusReason: 'boom',
        lastSyncAt: '2026-11-24T01:00:00.000Z',
      });
    });

    it('replaces the inventory atomically and marks the group connected', async () => {
      const settingsUpdatedAt = await saved();
      await saveInventory(
        store,
        'gitlab.com',
        [repo(1, 'acme/a'), repo(2, 'acme/b')],
        { lastSyncAt: 't1', nextSyncAt: 't2', settingsUpdatedAt },
      );
      expect(
        (await store.listRepositories('gitlab.com')).map(r => r.path),
      ).toEqual(['acme/a', 'acme/b']);
      expect(await store.getGroupIntegration('gitlab.com')).toMatchObject({
        status: 'connected',
        lastGoodSyncAt: 't1',
        nextSyncAt: 't2',
      });

      await saveInventory(
        store,
        'gitlab.com',
        [
          repo(2, 'acme/b', { entityRefs: ['component:default/renamed'] }),
          repo(3, 'acme/c'),
        ],
        { lastSyncAt: 't3', settingsUpdatedAt },
      );
      expect(
        (await store.listRepositories('gitlab.com')).map(r => r.projectId),
      ).toEqual([2, 3]);
      expect(
        await store.findRepository({
          host: 'gitlab.com',
          entityRef: 'component:default/a',
        }),
      ).toBeUndefined();
      expect(
        await store.findRepository({
          host: 'gitlab.com',
          entityRef: 'component:default/b',
        }),
      ).toBeUndefined();
      expect(
        (
          await store.findRepository({
            host: 'gitlab.com',
            entityRef: 'Component:default/Renamed',
          })
        )?.projectId,
      ).toBe(2);
      expect(await store.countRepositories('gitlab.com')).toBe(3 - 1);
    });

    it('round-trips every field and drops the inventory of a host without a profile', async () => {
      const other = repo(1, 'x/y', {
        host: 'git.example.com',
        defaultBranch: undefined,
        lastActivityAt: undefined,
        catalogBlobId: 'b'.repeat(40),
      });
      await saveInventory(store, 'git.example.com', [other], {
        lastSyncAt: other.syncedAt,
        settingsUpdatedAt: await saved('git.example.com'),
      });
      expect(
        await store.findRepository({ host: 'git.example.com', projectId: 1 }),
      ).toEqual(other);
      // As a profile removed by a rollback would leave it.
      await knex('group_integrations')
        .where({ host: 'git.example.com' })
        .delete();
      await saveInventory(store, 'gitlab.com', [repo(1, 'acme/a')], {
        lastSyncAt: repo(1, 'acme/a').syncedAt,
        settingsUpdatedAt: await saved('gitlab.com'),
      });
      expect(
        await store.findRepository({ host: 'gitlab.com', path: 'ACME/A' }),
      ).toEqual(repo(1, 'acme/a'));
      expect(await store.countRepositories('git.example.com')).toBe(0);
      expect(
        await knex('repository_entities').where({ host: 'git.example.com' }),
      ).toEqual([]);
    });

    it('discards a sync whose settings were changed while it ran', async () => {
      const before = await saved();
      await saveInventory(store, 'gitlab.com', [repo(1, 'acme/a')], {
        lastSyncAt: 't1',
        settingsUpdatedAt: before,
      });
      await new Promise(resolve => setTimeout(resolve, 5));
      await saved();
      await expect(
        saveInventory(store, 'gitlab.com', [repo(2, 'acme/b')], {
          lastSyncAt: 't2',
          settingsUpdatedAt: before,
        }),
      ).rejects.toBeInstanceOf(SettingsChangedError);
      await store.recordSyncOutcome('gitlab.com', {
        status: 'failed',
        statusReason: 'old settings failed',
        lastSyncAt: 't2',
        settingsUpdatedAt: before,
      });
      expect(
        (await store.listRepositories('gitlab.com')).map(r => r.path),
      ).toEqual(['acme/a']);
      expect(await store.getGroupIntegration('gitlab.com')).toMatchObject({
        status: 'partially_connected',
        lastGoodSyncAt: 't1',
      });
    });

    it('handles an inventory larger than one batch', async () => {
      const many = Array.from({ length: 1234 }, (_, i) =>
        repo(i + 1, `big/p${i}`),
      );
      const settingsUpdatedAt = await saved();
      await saveInventory(store, 'gitlab.com', many, {
        lastSyncAt: 't',
        settingsUpdatedAt,
      });
      await saveInventory(store, 'gitlab.com', many.slice(0, 600), {
        lastSyncAt: 't2',
        settingsUpdatedAt,
      });
      expect(await store.countRepositories('gitlab.com')).toBe(600);
    });

    it('keeps org integrations, token checks, targets, jobs and an audit log', async () => {
      await store.saveOrgIntegration({
        orgId: 'o1',
        host: 'gitlab.com',
        status: 'connected',
        snykIntegrationId: 'i1',
        updatedAt: 't',
      });
      await store.saveOrgIntegration({
        orgId: 'o1',
        host: 'gitlab.com',
        status: 'failed',
        statusReason: 'x',
        snykIntegrationId: 'i1',
        updatedAt: 't2',
      });
      expect(await store.listOrgIntegrations()).toEqual([
        {
          orgId: 'o1',
          host: 'gitlab.com',
          status: 'failed',
          statusReason: 'x',
          snykIntegrationId: 'i1',
          updatedAt: 't2',
        },
      ]);

      await store.saveTokenCheck({
        host: 'gitlab.com',
        configured: true,
        ok: false,
        ...tokenScopeFacts(['read_repository']),
        problem: 'missing',
        expiresAt: '2027-01-01',
        checkedAt: 't',
      });
      expect(await store.listTokenChecks()).toEqual([
        {
          host: 'gitlab.com',
          configured: true,
          ok: false,
          scopes: ['read_repository'],
          missingScopes: ['api', 'read_api'],
          missingOrgScopes: ['api'],
          missingRecommended: ['api', 'read_api'],
          problem: 'missing',
          expiresAt: '2027-01-01',
          checkedAt: 't',
        },
      ]);

      const counts = { critical: 1, high: 2, medium: 3, low: 4 };
      const project = {
        id: 'p',
        name: 'acme/a',
        url: 'u',
        issueCounts: counts,
      };
      await store.replaceTargets('o1', [
        {
          orgId: 'o1',
          targetId: 't1',
          displayName: 'Acme/A',
          projects: [project, project],
          issueCounts: counts,
        },
      ]);
      expect(await store.findTarget('o1', 'acme/a')).toMatchObject({
        targetId: 't1',
        issueCounts: { critical: 2, high: 4, medium: 6, low: 8 },
      });
      await store.replaceTargets('o1', []);
      expect(await store.findTarget('o1', 'acme/a')).toBeUndefined();

      const job = {
        id: 'j1',
        orgId: 'o1',
        integrationId: 'i1',
        snykJobId: 's1',
        host: 'gitlab.com',
        projectId: 1,
        path: 'acme/a',
        status: 'pending' as const,
        createdBy: 'u',
        createdAt: '2026-01-01',
        updatedAt: '2026-01-01',
      };
      expect(await store.createImportJob(job)).toEqual({ job, created: true });
      // A second pending job of the same org and repository is the first one.
      expect(
        await store.createImportJob({
          ...job,
          id: 'j2',
          createdAt: '2026-01-02',
        }),
      ).toEqual({ job, created: false });
      await store.updateImportJob('j1', {
        status: 'complete',
        updatedAt: '2026-01-03',
      });
      await store.createImportJob({
        ...job,
        id: 'j2',
        createdAt: '2026-01-02',
      });
      expect((await store.latestImportJob('gitlab.com', 1))?.id).toBe('j2');
      expect((await store.listPendingImportJobs()).map(j => j.id)).toEqual([
        'j2',
      ]);
      expect(await store.getImportJob('j1')).toMatchObject({
        status: 'complete',
        updatedAt: '2026-01-03',
      });
      // Racing requests: the unique index lets exactly one through.
      const racers = await Promise.all(
        ['r1', 'r2', 'r3', 'r4'].map(id =>
          store.createImportJob({ ...job, id, projectId: 7, snykJobId: '' }),
        ),
      );
      expect(racers.filter(r => r.created)).toHaveLength(1);
      expect(new Set(racers.map(r => r.job.id)).size).toBe(1);
      // Snyk never confirmed it: failed after a while, freeing the repository.
      expect(await store.failUnconfirmedImports('2026-01-02')).toBe(1);
      expect(
        (await store.listPendingImportJobs()).map(j => j.projectId),
      ).toEqual([1]);

      await store.audit({
        actor: 'user:default/a',
        action: 'group.save',
        subject: 'Acme',
        details: { host: 'gitlab.com' },
      });
      expect(await store.listAudit(10)).toEqual([
        expect.objectContaining({
          actor: 'user:default/a',
          action: 'group.save',
          details: { host: 'gitlab.com' },
        }),
      ]);
    });
  },
);
