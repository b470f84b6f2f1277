import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  CANARY_PAT,
  CANARY_SNYK_TOKEN,
  ORG_ID,
  StandIns,
  project,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import knexFactory, { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { clearTables, createServices } from '../__testUtils__/services';
import { competeInside } from '../__testUtils__/races';
import { ConflictError } from '@backstage/errors';
import { DatabaseSnykGitlabStore } from '../database/DatabaseSnykGitlabStore';
import { InventoryQueries } from '../database/inventoryQuery';
import { BulkImportQueue } from './BulkImportQueue';
import { BulkImportWorkerOptions } from './BulkImportWorker';
import { orgIdFor } from './createInventoryServices';

const databases = createTestDatabases();
const ADMIN = 'user:default/admin';
/** Fast timings; no budget to speak of unless a test sets one. */
const FAST: Partial<BulkImportWorkerOptions> = {
  requestsPerMinute: 600_000,
  pollIntervalMs: 20,
  concurrency: 5,
};
const EXTRA = Array.from({ length: 12 }, (_, i) => ({
  id: 101 + i,
  path: `acme/p${String(i + 1).padStart(2, '0')}`,
}));

describe.each(databases.eachSupportedId())(
  'bulk import queue on %s',
  databaseId => {
    let knex: Knex;
    let standIns: StandIns;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });
    beforeEach(async () => {
      const world = testWorld();
      world.gitlab.projects.push(...EXTRA.map(p => project(p.id, p.path)));
      standIns = await startStandIns({ world });
    });
    afterEach(async () => {
      // Spies on a prototype would outlive the test, into the next database's.
      jest.restoreAllMocks();
      await standIns.close();
    });

    /** Services on the inventory synced from the stand-in, the org connected. */
    async function setUp(
      options: Parameters<typeof createServices>[2] = {},
      db = knex,
    ) {
      const services = await createServices(db, standIns, {
        bulkImport: FAST,
        ...options,
      });
      await clearTables(db);
      await services.integrationService.saveGroup(
        { profileName: 'Acme', host: services.host },
        ADMIN,
      );
      await services.sync.run();
      await services.orgService.save(ORG_ID, ADMIN);
      return services;
    }

    const key = (projectId: number, host: string) => ({ host, projectId });
    /** Snyk import jobs the stand-in made, per GitLab project id. */
    const snykImports = () => {
      const counts = new Map<number, number>();
      for (const job of standIns.world.snyk.orgs[0].jobs) {
        counts.set(
          job.gitlabProjectId,
          (counts.get(job.gitlabProjectId) ?? 0) + 1,
        );
      }
      return counts;
    };
    /** Snyk keeps the project's import pending until the faults are cleared. */
    const stallImport = (projectId: number) =>
      standIns.faults.add({
        service: 'snyk',
        method: 'GET',
        path: /\/import\/[^/]+$/,
        effect: () => {
          for (const job of standIns.world.snyk.orgs[0].jobs) {
            if (job.gitlabProjectId === projectId) job.polls = 0;
          }
        },
      });
    const items = () =>
      knex('bulk_imports')
        .orderBy('path')
        .select('path', 'state', 'attempts', 'error');

    /** Queues the repositories while Snyk refuses their imports (422): they fail. */
    async function failImports(
      s: Awaited<ReturnType<typeof setUp>>,
      projectIds: number[],
      message?: string,
    ) {
      standIns.faults.add({
        service: 'snyk',
        method: 'POST',
        path: /\/import$/,
        status: 422,
        ...(message ? { body: JSON.stringify({ message }) } : {}),
      });
      const { batchId } = await s.bulkImports.enqueue(
        { repositories: projectIds.map(id => key(id, s.host)) },
        ADMIN,
      );
      await s.bulkImportWorker.run();
      return batchId;
    }

    it('queues repositories, saying which it skipped and why', async () => {
      const s = await setUp();
      const group = (await s.store.getGroupIntegration(s.host))!;
      // Outside every configured org's groups.
      await s.store.saveRepositories(
        s.host,
        [
          {
            ...(await s.store.findRepository({ host: s.host, projectId: 12 }))!,
            projectId: 99,
            path: 'other/outside',
          },
        ],
        group.updatedAt,
      );
      // acme/api is imported already.
      await s.store.saveTargets(ORG_ID, [
        {
          orgId: ORG_ID,
          targetId: 'target-api',
          displayName: 'acme/api',
          projects: [],
          issueCounts: { critical: 0, high: 0, medium: 0, low: 0 },
        },
      ]);
      const accepted = await s.bulkImports.enqueue(
        {
          repositories: [
            key(11, s.host),
            key(12, s.host),
            key(12, s.host),
            key(99, s.host),
            key(4242, s.host),
            key(13, s.host),
          ],
        },
        ADMIN,
      );
      expect(accepted.queued).toBe(2);
      expect(accepted.batchId).toMatch(/^[0-9a-f-]{36}$/);
      expect(
        [...accepted.skipped].sort((a, b) => a.projectId - b.projectId),
      ).toEqual([
        { host: s.host, projectId: 11, reason: 'already_imported' },
        { host: s.host, projectId: 12, reason: 'already_queued' },
        { host: s.host, projectId: 99, reason: 'no_org' },
        { host: s.host, projectId: 4242, reason: 'unknown_repository' },
      ]);
      // Queued again while open: skipped; the items carry the org and the actor.
      const again = await s.bulkImports.enqueue(
        { repositories: [key(13, s.host)] },
        'user:default/other',
      );
      expect(again).toMatchObject({
        queued: 0,
        skipped: [{ projectId: 13, reason: 'already_queued' }],
      });
      const list = await s.bulkImports.list({
        batchId: accepted.batchId,
        offset: 0,
        limit: 50,
      });
      expect(list.counts).toEqual({
        queued: 2,
        running: 0,
        imported: 0,
        failed: 0,
      });
      expect(list.items).toEqual([
        expect.objectContaining({
          batchId: accepted.batchId,
          path: 'acme/team/web',
          orgId: ORG_ID,
          state: 'queued',
          attempts: 0,
          createdBy: ADMIN,
        }),
        expect.objectContaining({ path: 'acme/team/worker' }),
      ]);
      // By inventory filter: every acme/p* repository not imported yet.
      const filtered = await s.bulkImports.enqueue(
        { filter: { q: 'acme/p', filter: ['not_imported'] } },
        ADMIN,
      );
      expect(filtered).toMatchObject({ queued: 12, skipped: [] });
      const audit = await knex('audit_log')
        .where({ action: 'repository.import.bulk' })
        .select('actor', 'subject');
      expect(audit).toEqual(
        expect.arrayContaining([
          { actor: ADMIN, subject: accepted.batchId },
          { actor: ADMIN, subject: filtered.batchId },
        ]),
      );
      // Nothing was sent to Snyk by queueing.
      expect(snykImports().size).toBe(0);
    });

    it('queues nothing without a Snyk token, saying why', async () => {
      const s = await setUp();
      const queue = new BulkImportQueue({
        db: knex,
        inventory: new InventoryQueries(knex),
        orgFor: orgIdFor([
          { orgId: ORG_ID, gitlabHost: s.host, gitlabGroups: [] },
        ]),
        snykConfigured: false,
      });
      await expect(
        queue.enqueue({ repositories: [key(11, s.host)] }, ADMIN),
      ).rejects.toThrow(
        'Snyk is not configured: set snykGitlab.snyk.token in app-config; nothing was queued',
      );
      await expect(queue.retry({ batchId: 'b1' }, ADMIN)).rejects.toThrow(
        ConflictError,
      );
      expect(await items()).toEqual([]);
    });

    it("fails a host's queued items when its profile is deleted, and imports them when retried after it is back", async () => {
      const s = await setUp();
      await s.bulkImports.enqueue(
        { repositories: [key(11, s.host), key(13, s.host)] },
        ADMIN,
      );
      await s.integrationService.deleteGroup(s.host, ADMIN);
      expect(await items()).toEqual([
        expect.objectContaining({
          state: 'failed',
          error: 'The group-level profile of its GitLab host was deleted',
        }),
        expect.objectContaining({ state: 'failed' }),
      ]);
      await s.bulkImportWorker.run();
      expect(snykImports().size).toBe(0);

      await s.integrationService.saveGroup(
        { profileName: 'Acme', host: s.host },
        ADMIN,
      );
      await s.sync.run();
      await s.bulkImports.retry({}, ADMIN);
      await s.bulkImportWorker.run();
      expect((await items()).map(i => i.state)).toEqual([
        'imported',
        'imported',
      ]);
      expect([...snykImports().values()]).toEqual([1, 1]);
    });

    it('queues nothing for a host whose profile was deleted after its repositories were read', async () => {
      const s = await setUp();
      competeInside(
        s.inventoryQueries,
        'find',
        () => s.integrationService.deleteGroup(s.host, ADMIN),
        { after: true },
      );
      const accepted = await s.bulkImports.enqueue(
        { repositories: [key(11, s.host), key(13, s.host)] },
        ADMIN,
      );
      expect(accepted).toMatchObject({
        queued: 0,
        skippedCount: 2,
        skipped: [
          { projectId: 11, reason: 'unknown_repository' },
          { projectId: 13, reason: 'unknown_repository' },
        ],
      });
      expect(await items()).toEqual([]);
    });

    it('fails the items when their profile is deleted while they are being queued', async () => {
      const s = await setUp();
      // The queue's audit runs in its transaction, after the inserts.
      const deleting = competeInside(
        DatabaseSnykGitlabStore.prototype,
        'audit',
        () => s.integrationService.deleteGroup(s.host, ADMIN),
      );
      await s.bulkImports.enqueue(
        { repositories: [key(11, s.host), key(13, s.host)] },
        ADMIN,
      );
      await deleting.promise;
      expect((await items()).map(r => r.state)).toEqual(['failed', 'failed']);
    });

    it('imports each queued repository once through the import path, then refreshes the org once', async () => {
      const s = await setUp();
      await s.bulkImports.enqueue({ filter: { q: 'acme/p' } }, ADMIN);
      const targetsBefore = standIns.faults.count('snyk', /\/targets$/);
      await s.bulkImportWorker.run();
      expect(await items()).toEqual(
        EXTRA.map(p => ({
          path: p.path,
          state: 'imported',
          attempts: 1,
          error: null,
        })),
      );
      expect([...snykImports().values()]).toEqual(EXTRA.map(() => 1));
      // Through startImport: one import job row each, with its audit row.
      expect(
        Number(
          (
            await knex('import_jobs')
              .where({ status: 'complete' })
              .count({ n: '*' })
          )[0].n,
        ),
      ).toBe(12);
      // One target refresh for the org, not two REST calls per repository.
      expect(standIns.faults.count('snyk', /\/targets$/) - targetsBefore).toBe(
        1,
      );
      const page = await s.inventoryQueries.page(
        { filter: [], q: 'acme/p', sort: 'path', order: 'asc' },
        0,
        50,
      );
      expect(
        page.items.every(r => r.imported && r.importState === 'imported'),
      ).toBe(true);
    });

    it('never imports an item twice when two workers share the database', async () => {
      const second =
        databaseId === 'SQLITE_3' ? knex : knexFactory(knex.client.config);
      try {
        const a = await setUp();
        const b = await createServices(second, standIns, { bulkImport: FAST });
        await a.bulkImports.enqueue({ filter: { q: 'acme/' } }, ADMIN);
        const claimedBy = (services: typeof a) => {
          const ids: string[] = [];
          const claim = services.bulkImports.claim.bind(services.bulkImports);
          jest
            .spyOn(services.bulkImports, 'claim')
            .mockImplementation(async (...args) => {
              const claimed = await claim(...args);
              ids.push(...claimed.map(item => item.id));
              return claimed;
            });
          return ids;
        };
        const [byA, byB] = [claimedBy(a), claimedBy(b)];
        await Promise.all([a.bulkImportWorker.run(), b.bulkImportWorker.run()]);
        // Both worked, and no item was claimed by both.
        expect(byA.length).toBeGreaterThan(0);
        expect(byB.length).toBeGreaterThan(0);
        expect(new Set([...byA, ...byB]).size).toBe(15);
        expect(byA.length + byB.length).toBe(15);
        const imports = snykImports();
        expect(imports.size).toBe(15);
        expect([...imports.values()].every(n => n === 1)).toBe(true);
        const rows = await items();
        expect(
          rows.every(r => r.state === 'imported' && r.attempts === 1),
        ).toBe(true);
      } finally {
        if (second !== knex) await second.destroy();
      }
    });

    it("queues a running item again once its worker's lease expired, and adopts its Snyk import", async () => {
      const s = await setUp();
      const { batchId } = await s.bulkImports.enqueue(
        {
          repositories: [key(101, s.host), key(102, s.host), key(103, s.host)],
        },
        ADMIN,
      );
      // A worker died: p01 claimed only; p02 claimed after Snyk accepted its import.
      const started = await s.orgService.startImport(
        { host: s.host, projectId: 102 },
        ADMIN,
      );
      const past = new Date(Date.now() - 1000).toISOString();
      await knex('bulk_imports')
        .whereIn('path', ['acme/p01', 'acme/p02'])
        .update({ state: 'running', claimed_by: 'dead', lease_until: past });
      await knex('bulk_imports')
        .where('path', 'acme/p02')
        .update({ import_job_id: started.id, attempts: 1 });
      // p03 is held by a live worker: its lease runs.
      const future = new Date(Date.now() + 60_000).toISOString();
      await knex('bulk_imports')
        .where('path', 'acme/p03')
        .update({ state: 'running', claimed_by: 'alive', lease_until: future });

      await s.bulkImportWorker.run();

      expect(await items()).toEqual([
        { path: 'acme/p01', state: 'imported', attempts: 1, error: null },
        { path: 'acme/p02', state: 'imported', attempts: 1, error: null },
        { path: 'acme/p03', state: 'running', attempts: 0, error: null },
      ]);
      expect(snykImports()).toEqual(
        new Map([
          [101, 1],
          [102, 1],
        ]),
      );
      const list = await s.bulkImports.list({ batchId, offset: 0, limit: 10 });
      expect(list.counts).toEqual({
        queued: 0,
        running: 1,
        imported: 2,
        failed: 0,
      });
    });

    it('stops at the abort signal, giving unfinished items back; the next run finishes them without a second import', async () => {
      const s = await setUp({ bulkImport: { ...FAST, pollIntervalMs: 300 } });
      await s.bulkImports.enqueue({ filter: { q: 'acme/p0' } }, ADMIN);
      const controller = new AbortController();
      const run = s.bulkImportWorker.run(controller.signal);
      // Abort while the first imports wait for their first poll.
      while (standIns.world.snyk.orgs[0].jobs.length < 3) {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      controller.abort();
      await run;
      const stopped = await items();
      expect(stopped.filter(r => r.state === 'running')).toEqual([]);
      expect(stopped.filter(r => r.state === 'queued').length).toBeGreaterThan(
        0,
      );
      await s.bulkImportWorker.run();
      expect((await items()).every(r => r.state === 'imported')).toBe(true);
      expect(snykImports().size).toBe(9);
      expect([...snykImports().values()].every(n => n === 1)).toBe(true);
    });

    it('shows items finished before the hard stop as imported, so queueing them again never imports twice', async () => {
      const s = await setUp({ bulkImport: { ...FAST, runMs: 1000 } });
      // Snyk never finishes p02's import: the run reaches its hard stop (2 s).
      stallImport(102);
      await s.bulkImports.enqueue(
        { repositories: [key(101, s.host), key(102, s.host)] },
        ADMIN,
      );
      await s.bulkImportWorker.run();
      expect((await items()).map(r => [r.path, r.state])).toEqual([
        ['acme/p01', 'imported'],
        ['acme/p02', 'queued'],
      ]);
      const p01 = await s.inventoryQueries.page(
        { filter: [], q: 'acme/p01', sort: 'path', order: 'asc' },
        0,
        50,
      );
      expect(p01.items.map(r => r.imported)).toEqual([true]);

      // Queued again by filter and by id: p01 is left out as imported.
      const byFilter = await s.bulkImports.enqueue(
        { filter: { q: 'acme/p0', filter: ['not_imported'] } },
        ADMIN,
      );
      expect(byFilter).toMatchObject({
        queued: 7,
        skipped: [{ projectId: 102, reason: 'already_queued' }],
      });
      const byId = await s.bulkImports.enqueue(
        { repositories: [key(101, s.host)] },
        ADMIN,
      );
      expect(byId).toMatchObject({
        queued: 0,
        skipped: [{ projectId: 101, reason: 'already_imported' }],
      });
      standIns.faults.clear();
      // Each run still stops claiming after a second: run until the queue is empty.
      for (let run = 0; run < 20; run++) {
        await s.bulkImportWorker.run();
        if ((await items()).every(r => r.state !== 'queued')) break;
      }
      expect(snykImports().size).toBe(9);
      expect([...snykImports().values()].every(n => n === 1)).toBe(true);
      expect((await items()).every(r => r.state === 'imported')).toBe(true);
    }, 30_000);

    it('treats a complete import job of the org as done, whatever its date: no second Snyk import', async () => {
      const s = await setUp({ bulkImport: { ...FAST, pollIntervalMs: 300 } });
      await s.bulkImports.enqueue(
        { repositories: [key(101, s.host), key(102, s.host)] },
        ADMIN,
      );
      // Stopped by the scheduler once p01 is imported: its targets are not refreshed.
      stallImport(102);
      const controller = new AbortController();
      const run = s.bulkImportWorker.run(controller.signal);
      while ((await items())[0].state !== 'imported') {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      controller.abort();
      await run;
      const p01 = await s.inventoryQueries.page(
        { filter: [], q: 'acme/p01', sort: 'path', order: 'asc' },
        0,
        50,
      );
      expect(p01.items.map(r => r.imported)).toEqual([false]);
      // Its complete import job still keeps it out of the queue.
      expect(
        await s.bulkImports.enqueue(
          { repositories: [key(101, s.host)] },
          ADMIN,
        ),
      ).toMatchObject({
        queued: 0,
        skipped: [{ projectId: 101, reason: 'already_imported' }],
      });
      // An item queued before that job (e.g. before an upgrade) is finished with it.
      standIns.faults.clear();
      await knex('bulk_imports')
        .where('path', 'acme/p01')
        .update({
          state: 'queued',
          import_job_id: null,
          created_at: new Date(Date.now() + 60_000).toISOString(),
        });
      await s.bulkImportWorker.run();
      expect(await items()).toEqual([
        { path: 'acme/p01', state: 'imported', attempts: 1, error: null },
        { path: 'acme/p02', state: 'imported', attempts: 1, error: null },
      ]);
      expect(snykImports()).toEqual(
        new Map([
          [101, 1],
          [102, 1],
        ]),
      );
    });

    it('lets a retry wait for a queueing of the same repository, then leave it queued once', async () => {
      const s = await setUp();
      const batchId = await failImports(s, [101]);
      // The failed item is queued anew; the retry starts before that commits.
      const retrying = competeInside(
        DatabaseSnykGitlabStore.prototype,
        'audit',
        () => s.bulkImports.retry({ batchId }, ADMIN),
      );
      await s.bulkImports.enqueue({ repositories: [key(101, s.host)] }, ADMIN);
      await expect(retrying.promise).resolves.toBe(0);
      expect((await items()).map(r => r.state).sort()).toEqual([
        'failed',
        'queued',
      ]);
    });

    it('queues nothing again when the profile is deleted while failed items are retried', async () => {
      const s = await setUp();
      const batchId = await failImports(s, [101, 102]);
      // The retry's audit runs in its transaction, after its updates.
      const deleting = competeInside(
        DatabaseSnykGitlabStore.prototype,
        'audit',
        () => s.integrationService.deleteGroup(s.host, ADMIN),
      );
      await s.bulkImports.retry({ batchId }, ADMIN);
      await deleting.promise;
      expect((await items()).map(r => r.state)).toEqual(['failed', 'failed']);
      // Retried after the delete: nothing to import into.
      expect(await s.bulkImports.retry({ batchId }, ADMIN)).toBe(0);
    });

    it('fails a running item when its profile is deleted: its worker stops, no Snyk import', async () => {
      const s = await setUp();
      await s.bulkImports.enqueue({ repositories: [key(101, s.host)] }, ADMIN);
      competeInside(
        BulkImportQueue.prototype,
        'claim',
        () => s.integrationService.deleteGroup(s.host, ADMIN),
        { after: true },
      );
      await s.bulkImportWorker.run();
      expect(await items()).toEqual([
        {
          path: 'acme/p01',
          state: 'failed',
          attempts: 0,
          error: 'The group-level profile of its GitLab host was deleted',
        },
      ]);
      expect(snykImports().size).toBe(0);
    });

    it('records a failure (redacted), and imports a failed item when retried', async () => {
      const s = await setUp();
      const batchId = await failImports(
        s,
        [101, 102],
        `GitLab refused token ${CANARY_PAT} (Snyk ${CANARY_SNYK_TOKEN})`,
      );
      const failed = await items();
      expect(failed.map(r => [r.state, r.attempts])).toEqual([
        ['failed', 1],
        ['failed', 1],
      ]);
      expect(failed[0].error).toContain('failed with 422');
      expect(failed[0].error).toContain('[redacted]');
      expect(JSON.stringify(failed)).not.toContain(CANARY_PAT);
      expect(JSON.stringify(failed)).not.toContain(CANARY_SNYK_TOKEN);

      standIns.faults.clear();
      // Only failed items are queued again, and only once each.
      expect(await s.bulkImports.retry({ ids: ['no-such-item'] }, ADMIN)).toBe(
        0,
      );
      expect(await s.bulkImports.retry({ batchId }, ADMIN)).toBe(2);
      expect(await s.bulkImports.retry({ batchId }, ADMIN)).toBe(0);
      await s.bulkImportWorker.run();
      expect(await items()).toEqual([
        { path: 'acme/p01', state: 'imported', attempts: 2, error: null },
        { path: 'acme/p02', state: 'imported', attempts: 2, error: null },
      ]);
      expect([...snykImports().values()]).toEqual([1, 1]);
      const retries = await knex('audit_log')
        .where({ action: 'repository.import.bulk.retry' })
        .select('actor');
      expect(retries).toHaveLength(3);
    });

    /**
     * Queues the nine acme/p0… repositories and works the queue off while
     * Snyk's v1 API takes `limit` requests per `windowMs`; answers the v1 calls.
     */
    async function importUnderV1Limit(
      s: Awaited<ReturnType<typeof setUp>>,
      limit: number,
      windowMs = 1000,
    ) {
      standIns.faults.rateLimit('snyk', {
        limit,
        windowMs,
        quietMs: 300,
        path: /^\/v1\//,
      });
      const from = Date.now();
      await s.bulkImports.enqueue({ filter: { q: 'acme/p0' } }, ADMIN);
      await s.bulkImportWorker.run();
      return standIns.faults.requests.filter(
        r => r.service === 'snyk' && r.path.startsWith('/v1/') && r.at >= from,
      );
    }

    it("paces Snyk v1 calls under the budget over real HTTP: no 429 from Snyk's limit", async () => {
      const s = await setUp({
        bulkImport: { ...FAST, requestsPerMinute: 600, pollIntervalMs: 50 },
      });
      // Snyk's v1 limit, scaled down: 10 requests a second per token, counted
      // over 2 s so that a loaded machine's jitter stays within the 5% margin.
      const v1 = await importUnderV1Limit(s, 20, 2000);
      expect(v1.filter(r => r.status === 429)).toEqual([]);
      // 9 imports, each polled twice (the stand-in completes at the second poll).
      expect(v1.length).toBe(27);
      // No burst: no 2 s of the run hold more than Snyk's 20 (the worker
      // aims at 95% of it, one call every 105 ms).
      for (const first of v1) {
        const inWindow = v1.filter(
          r => r.at >= first.at && r.at < first.at + 2000,
        );
        expect(inWindow.length).toBeLessThanOrEqual(20);
      }
      expect((await items()).every(r => r.state === 'imported')).toBe(true);
    }, 30_000);

    it('backs off on a 429 and sends nothing while Snyk rate limits the token', async () => {
      // A budget far over Snyk's limit: the limit answers 429.
      const s = await setUp({
        bulkImport: { ...FAST, requestsPerMinute: 6000, pollIntervalMs: 50 },
        retry: { rateLimitPauseMs: 1000 },
      });
      const v1 = await importUnderV1Limit(s, 5);
      const limited = v1.filter(r => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      // After a 429 the client pauses for a second: no v1 call in it but
      // those already on their way when the 429 arrived.
      for (const hit of limited) {
        expect(
          v1.filter(r => r.at > hit.at + 250 && r.at < hit.at + 900),
        ).toEqual([]);
      }
      expect((await items()).every(r => r.state === 'imported')).toBe(true);
      expect([...snykImports().values()].every(n => n === 1)).toBe(true);
      expect(snykImports().size).toBe(9);
    }, 30_000);
  },
);
