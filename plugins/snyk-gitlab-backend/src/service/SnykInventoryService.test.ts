import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  GROUP_ID,
  StandIns,
  startStandIns,
  syncSnykInventory,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { clearTables, createServices } from '../__testUtils__/services';
import { appContextAttributes, repositoryPathOf } from './SnykInventoryService';

const databases = createTestDatabases();
const UNKNOWN_GROUP = '00000000-0000-4000-8000-000000000000';

describe('reading Snyk assets', () => {
  it("maps an asset's URL on the host to its GitLab path", () => {
    expect(repositoryPathOf('https://gitlab.com/acme/api', 'gitlab.com')).toBe(
      'acme/api',
    );
    expect(
      repositoryPathOf('https://GitLab.com/acme/Api.git/', 'gitlab.com'),
    ).toBe('acme/Api');
    expect(
      repositoryPathOf(
        'https://git.example.com/gitlab/acme/api',
        'git.example.com',
        'https://git.example.com/gitlab',
      ),
    ).toBe('acme/api');
    expect(
      repositoryPathOf('https://github.com/acme/api', 'gitlab.com'),
    ).toBeUndefined();
    expect(
      repositoryPathOf('https://gitlab.com.evil.example/acme', 'gitlab.com'),
    ).toBeUndefined();
    expect(repositoryPathOf('https://gitlab.com/', 'gitlab.com')).toBe(
      undefined,
    );
  });

  it('reads the six catalog attributes from app_context, whatever the key style', () => {
    expect(
      appContextAttributes({
        catalog_name: 'api',
        Owner: 'team-a',
        lifecycle: 'production\u0000',
        'Catalog name': 'api-2',
        tier: 'gold',
        category: 42,
      }),
    ).toEqual({
      // Two keys for one attribute: the later one.
      catalogName: 'api-2',
      owner: 'team-a',
      lifecycle: 'production',
    });
    expect(appContextAttributes(undefined)).toEqual({});
  });
});

describe.each(databases.eachSupportedId())(
  "Snyk's inventory on %s",
  databaseId => {
    let knex: Knex;
    let standIns: StandIns;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });
    beforeEach(async () => {
      standIns = await startStandIns({ world: testWorld() });
    });
    afterEach(() => standIns.close());

    /** Services with a Snyk group id, or none (`null`). */
    async function setUp(snykGroupId: string | null = GROUP_ID) {
      const services = await createServices(knex, standIns, {
        snykGroupId: snykGroupId ?? undefined,
      });
      await clearTables(knex);
      await services.integrationService.saveGroup(
        { profileName: 'Acme', host: services.host },
        'user:default/admin',
      );
      return services;
    }
    type Services = Awaited<ReturnType<typeof setUp>>;
    const group = async (services: Services) =>
      (await services.integrationService.state(true)).group!;
    const entity = (services: Services, path = 'acme/api') =>
      services.integrationService.entityStatus({
        host: services.host,
        projectSlug: path,
      });
    const snykGroup = () => standIns.world.snyk.groups[0];

    it("stays partially connected until Snyk's inventory holds the host's repositories, then is connected", async () => {
      const services = await setUp();
      // Snyk knows a repository of another GitLab host only.
      snykGroup().assets.push({
        id: 'b4c1e7a2-9d3f-4e5a-8b6c-7d8e9f0a1b2c',
        path: 'acme/api',
        host: 'gitlab.other.example',
        updatedAt: '2026-11-20T00:00:00Z',
      });

      await services.sync.run();
      expect(await group(services)).toMatchObject({
        status: 'partially_connected',
        statusReason: expect.stringContaining(
          `no repository from ${services.host}`,
        ),
        statusSource: 'snyk_inventory',
        portalSyncStatus: 'connected',
        snykInventory: {
          availability: 'available',
          host: services.host,
          groupId: GROUP_ID,
          repositoryCount: 0,
        },
      });
      expect((await entity(services)).snykAsset).toBeUndefined();
      // One search, at the beta version, filtered to the host's repositories.
      const searches = standIns.faults.requests.filter(r =>
        r.path.endsWith('/assets/search'),
      );
      expect(searches).toHaveLength(1);
      expect(searches[0]).toMatchObject({
        method: 'POST',
        path: `/rest/groups/${GROUP_ID}/assets/search`,
        query: 'version=2024-10-15%7Ebeta',
      });
      expect(JSON.stringify(searches[0].body)).toContain(
        `"${standIns.gitlabUrl}/"`,
      );

      // Snyk's group-level integration synchronizes the GitLab projects.
      syncSnykInventory(standIns.world, GROUP_ID, {
        at: '2026-11-25T08:00:00Z',
      });
      await services.sync.run();
      expect(await group(services)).toMatchObject({
        status: 'connected',
        statusSource: 'snyk_inventory',
        portalSyncStatus: 'connected',
        snykInventory: { availability: 'available', repositoryCount: 3 },
      });
      expect((await entity(services)).snykAsset).toEqual({
        assetId: expect.any(String),
        name: 'acme/api',
        repositoryUrl: `${standIns.gitlabUrl}/acme/api`,
        browseUrl: `${standIns.gitlabUrl}/acme/api`,
        updatedAt: '2026-11-25T08:00:00Z',
        repositoryFreshness: 'Active',
        attributes: {
          category: 'service',
          owner: 'team-a',
          lifecycle: 'production',
          application: 'shop',
          catalogName: 'api',
        },
      });
      // The state of any caller says connected too.
      expect((await services.integrationService.state(false)).groupStatus).toBe(
        'connected',
      );
    });

    it("falls back to the portal's sync when Snyk answers 403, and forgets Snyk's view", async () => {
      const services = await setUp();
      syncSnykInventory(standIns.world, GROUP_ID);
      await services.sync.run();
      expect((await entity(services)).snykAsset).toBeDefined();

      snykGroup().tokens = [];
      await services.sync.run();
      expect(await group(services)).toMatchObject({
        status: 'connected',
        statusSource: 'portal_sync',
        portalSyncStatus: 'connected',
        snykInventory: {
          availability: 'forbidden',
          reason: expect.stringContaining('403'),
        },
      });
      expect(
        (await group(services)).snykInventory?.repositoryCount,
      ).toBeUndefined();
      expect((await entity(services)).snykAsset).toBeUndefined();
      expect(Number((await knex('snyk_assets').count({ n: '*' }))[0].n)).toBe(
        0,
      );
    });

    it("falls back to the portal's sync when Snyk knows no such group (404)", async () => {
      const services = await setUp(UNKNOWN_GROUP);
      syncSnykInventory(standIns.world, GROUP_ID);
      await services.sync.run();
      expect(await group(services)).toMatchObject({
        status: 'connected',
        statusSource: 'portal_sync',
        snykInventory: {
          availability: 'not_found',
          groupId: UNKNOWN_GROUP,
          reason: expect.stringContaining('404'),
        },
      });
      expect((await entity(services)).snykAsset).toBeUndefined();
    });

    it("keeps today's behaviour without a group id, and says why", async () => {
      const services = await setUp(null);
      syncSnykInventory(standIns.world, GROUP_ID);
      await services.sync.run();
      expect(await group(services)).toMatchObject({
        status: 'connected',
        statusSource: 'portal_sync',
        snykInventory: {
          availability: 'not_configured',
          reason: expect.stringContaining('snykGitlab.snyk.groupId'),
        },
      });
      expect(standIns.faults.count('snyk', /assets/)).toBe(0);
    });

    it("shows a failed portal sync whatever Snyk's inventory says", async () => {
      const services = await setUp();
      syncSnykInventory(standIns.world, GROUP_ID);
      standIns.world.gitlab.tokens[0].revoked = true;
      await services.sync.run();
      expect(await group(services)).toMatchObject({
        status: 'failed',
        statusSource: 'portal_sync',
        portalSyncStatus: 'failed',
        snykInventory: { availability: 'available', repositoryCount: 3 },
      });
    });

    it('keeps the last good read when Snyk fails in passing', async () => {
      const services = await setUp();
      syncSnykInventory(standIns.world, GROUP_ID);
      await services.sync.run();
      const before = (await group(services)).snykInventory!;

      // The search is retried like a GET; Snyk stays down past the retries.
      standIns.faults.add({
        service: 'snyk',
        path: /\/assets\/search$/,
        status: 503,
      });
      await services.sync.run();
      expect(
        standIns.faults.count('snyk', /\/assets\/search$/),
      ).toBeGreaterThan(1);
      expect(await group(services)).toMatchObject({
        status: 'connected',
        statusSource: 'snyk_inventory',
        snykInventory: {
          availability: 'failed',
          reason: expect.stringContaining('503'),
          repositoryCount: 3,
          readAt: before.readAt,
        },
      });
      expect((await entity(services)).snykAsset?.name).toBe('acme/api');
    });

    it('writes nothing for a profile deleted while Snyk was read', async () => {
      const services = await setUp();
      syncSnykInventory(standIns.world, GROUP_ID);
      const search = /\/assets\/search$/;
      standIns.faults.add({ service: 'snyk', path: search, delayMs: 300 });
      const refreshing = services.inventory.refresh();
      while (standIns.faults.count('snyk', search) === 0) {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      await services.integrationService.deleteGroup(
        services.host,
        'user:default/admin',
      );
      await refreshing;
      expect(await services.store.listSnykInventories()).toEqual([]);
      expect(
        await services.store.findSnykAsset(services.host, 'acme/api'),
      ).toBeUndefined();
    });

    it("stores hostile values from Snyk's answer without failing", async () => {
      const services = await setUp();
      const at = '2026-11-25T08:00:00Z';
      snykGroup().assets.push(
        {
          id: '11111111-1111-4111-8111-111111111111',
          path: 'acme/api',
          updatedAt: at,
          repositoryFreshness: `Active${'!'.repeat(500)}`,
          appContext: { owner: 'team\u0000a', title: 't'.repeat(5000) },
        },
        // The same repository twice: the first one listed is kept.
        {
          id: '22222222-2222-4222-8222-222222222222',
          path: 'ACME/api',
          updatedAt: at,
        },
        // A path no GitLab repository can have.
        {
          id: '33333333-3333-4333-8333-333333333333',
          path: 'acme/bad\u0000path',
          updatedAt: at,
        },
      );
      await services.sync.run();
      expect((await group(services)).snykInventory).toMatchObject({
        availability: 'available',
        repositoryCount: 1,
      });
      const asset = (await entity(services)).snykAsset!;
      expect(asset.assetId).toBe('11111111-1111-4111-8111-111111111111');
      expect(asset.attributes.owner).toBe('teama');
      expect(asset.attributes.title).toHaveLength(1024);
      expect(asset.repositoryFreshness).toHaveLength(64);
    });

    it("pages through Snyk's answer", async () => {
      const services = await setUp();
      syncSnykInventory(standIns.world, GROUP_ID);
      snykGroup().pageSize = 1;
      await services.sync.run();
      expect(standIns.faults.count('snyk', /\/assets\/search$/)).toBe(3);
      expect((await group(services)).snykInventory?.repositoryCount).toBe(3);
    });
  },
);
