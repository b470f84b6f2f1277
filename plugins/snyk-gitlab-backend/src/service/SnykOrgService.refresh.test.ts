import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  ORG_ID,
  StandIns,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { clearTables, createServices } from '../__testUtils__/services';
import { competeInside } from '../__testUtils__/races';
import { InventoryColumns } from '../database/inventoryColumns';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'SnykOrgService refresh on %s',
  databaseId => {
    let knex: Knex;
    let standIns: StandIns;
    let services: Awaited<ReturnType<typeof createServices>>;
    const admin = 'user:default/admin';

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });

    beforeEach(async () => {
      standIns = await startStandIns({ world: testWorld() });
      services = await createServices(knex, standIns);
      await clearTables(knex);
      await services.integrationService.saveGroup(
        { profileName: 'Acme', host: services.host },
        admin,
      );
      await services.sync.run();
      await services.orgService.save(ORG_ID, admin);
    });
    afterEach(async () => {
      // Spies on a prototype would outlive the test, into the next database's.
      jest.restoreAllMocks();
      await standIns.close();
    });

    const snykRest = () => standIns.faults.count('snyk', /^\/rest\//);
    const snykAll = () => standIns.faults.count('snyk');

    it('stops the pass at the first 429 without Retry-After and keeps the org connected', async () => {
      for (const path of ['acme/api', 'acme/team/web', 'acme/team/worker']) {
        await services.orgService.startImport(
          { host: services.host, path },
          admin,
        );
      }
      const [before] = await services.orgService.list();
      expect(before.status).toBe('connected');

      // The limit is already spent: the next REST call answers 429, as
      // Snyk does for a minute once a token went over 1,620 a minute.
      standIns.faults.rateLimit('snyk', { limit: 0, path: /^\/rest\// });
      const restBefore = snykRest();
      const v1Before = snykAll() - restBefore;
      // Import jobs are polled on v1: make the first poll hit the limit too.
      standIns.faults.add({ service: 'snyk', path: /\/import\//, status: 429 });

      await services.orgService.refreshAll();

      // One poll answered 429: not retried, no other job polled, no org refreshed.
      expect(snykAll() - restBefore - v1Before).toBe(1);
      expect(snykRest()).toBe(restBefore);
      const [after] = await services.orgService.list();
      expect(after).toMatchObject({
        status: 'connected',
        lastCheckedAt: before.lastCheckedAt,
      });
      expect(services.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Snyk is rate limiting the token: the refresh of import jobs and Snyk targets stops here and resumes at the next sync',
        ),
      );

      // The next pass, still inside the pause, makes no Snyk call at all.
      const total = snykAll();
      await services.orgService.refreshAll();
      expect(snykAll()).toBe(total);
      const jobs = await knex('import_jobs').select('status');
      expect(jobs.map(j => j.status)).toEqual([
        'pending',
        'pending',
        'pending',
      ]);
    });

    it('lets two refreshes of one org take turns: both save its targets, it stays connected', async () => {
      for (const path of ['acme/api', 'acme/team/web', 'acme/team/worker']) {
        let job = await services.orgService.startImport(
          { host: services.host, path },
          admin,
        );
        while (job.status === 'pending') {
          const stored = await services.store.getImportJob(job.id);
          job = await services.orgService.pollImport(stored!);
        }
      }
      expect(standIns.world.snyk.orgs[0].targets.length).toBe(3);
      // Runs in the first refresh's transaction, after its targets' insert.
      const other = competeInside(
        InventoryColumns.prototype,
        'targetsSaved',
        () => services.orgService.refresh(ORG_ID),
      );
      await services.orgService.refresh(ORG_ID);
      await expect(other.promise).resolves.toBeUndefined();
      const [org] = await services.orgService.list();
      expect(org.status).toBe('connected');
      expect(org.statusReason).toBeUndefined();
      const stored = await knex('snyk_targets').where({ org_id: ORG_ID });
      expect(stored.length).toBe(3);
    });

    it("keeps a target refreshed while a sync batch is saved: the batch's stale columns never win", async () => {
      const api = (await services.store.listRepositories(services.host)).find(
        r => r.path === 'acme/api',
      )!;
      const { updatedAt } = (await services.store.getGroupIntegration(
        services.host,
      ))!;
      standIns.world.snyk.orgs[0].targets.push({
        id: 'target-api',
        displayName: 'acme/api',
        url: `${standIns.gitlabUrl}/acme/api`,
        integrationType: 'gitlab',
        projects: [],
      });
      // Runs in the batch's transaction: its columns are read before Snyk's
      // new target is stored; the refresh starts then.
      const refreshing = competeInside(
        InventoryColumns.prototype,
        'columnsFor',
        () => services.orgService.refresh(ORG_ID),
        { after: true },
      );
      await services.store.saveRepositories(services.host, [api], updatedAt);
      await refreshing.promise;
      const [row] = await knex('repositories').where({ path: 'acme/api' });
      expect(row.target_id).toBe('target-api');
    });

    it("makes a profile's delete wait for a refresh of its repositories' org", async () => {
      // Runs in the refresh's transaction, before it updates the repositories.
      const deleting = competeInside(
        InventoryColumns.prototype,
        'targetsSaved',
        () => services.integrationService.deleteGroup(services.host, admin),
        { ms: 1000 },
      );
      await services.orgService.refresh(ORG_ID);
      await deleting.promise;
      expect(deleting.finishedInside).toBe(false);
      const [org] = await services.orgService.list();
      expect(org.status).toBe('connected');
      expect(await services.store.listRepositories(services.host)).toEqual([]);
    });

    it("makes the end of a sync wait for a refresh of its repositories' org", async () => {
      const { updatedAt } = (await services.store.getGroupIntegration(
        services.host,
      ))!;
      // Runs in the refresh's transaction, before it updates the repositories.
      // The sync's end lists nothing: it removes every repository of the host.
      const ending = competeInside(
        InventoryColumns.prototype,
        'targetsSaved',
        () =>
          services.store.recordGoodSync(services.host, 'now', {
            lastSyncAt: 'now',
            settingsUpdatedAt: updatedAt,
          }),
        { ms: 1000 },
      );
      await services.orgService.refresh(ORG_ID);
      await ending.promise;
      expect(ending.finishedInside).toBe(false);
      expect(await services.store.listRepositories(services.host)).toEqual([]);
    });

    it("shows a failed org with our words when its targets can't be saved, never the database's", async () => {
      jest
        .spyOn(services.store, 'replaceTargets')
        .mockRejectedValueOnce(
          new Error('insert into "snyk_targets" … duplicate key value'),
        );
      await services.orgService.refresh(ORG_ID);
      const [org] = await services.orgService.list();
      expect(org).toMatchObject({
        status: 'failed',
        statusReason:
          "The org's Snyk targets could not be saved; the backend log has the details",
      });
      expect(services.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('duplicate key value'),
      );
    });

    it('keeps the org connected and its targets when the targets listing is rate limited', async () => {
      standIns.faults.rateLimit('snyk', { limit: 0, path: /\/targets$/ });
      const [before] = await services.orgService.list();
      await services.orgService.refreshAll();
      await services.orgService.refreshAll();
      expect(standIns.faults.count('snyk', /\/targets$/)).toBe(
        // The one after save, then the one refused: none more.
        2,
      );
      const [after] = await services.orgService.list();
      expect(after).toMatchObject({
        status: 'connected',
        lastCheckedAt: before.lastCheckedAt,
      });
      expect(after.statusReason).toBeUndefined();
    });

    it('shows a repository imported with zero projects: its target has no projects', async () => {
      standIns.world.snyk.orgs[0].targets.push({
        id: 'c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b',
        displayName: 'acme/team/web',
        url: `${standIns.gitlabUrl}/acme/team/web`,
        integrationType: 'gitlab',
        projects: [],
      });
      await services.orgService.refreshAll();
      const status = await services.integrationService.entityStatus({
        projectSlug: 'acme/team/web',
      });
      expect(status.target).toMatchObject({
        targetId: 'c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b',
        displayName: 'acme/team/web',
        projects: [],
      });
    });
  },
);
