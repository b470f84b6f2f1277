import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  CANARY_PAT,
  StandIns,
  project,
  startStandIns,
  testConfig,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { fastRetry } from '../__testUtils__/retry';
import { clearTables } from '../__testUtils__/services';
import { createServices } from '../service/createServices';

const databases = createTestDatabases();
const ADMIN = 'user:default/admin';

/** The plugin's services for two GitLab hosts, each a stand-in of its own. */
async function servicesFor(knex: Knex, main: StandIns, other: StandIns) {
  const config = testConfig(main);
  config.integrations.gitlab.push({
    host: new URL(other.gitlabUrl).host,
    apiBaseUrl: `${other.gitlabUrl}/api/v4`,
    baseUrl: other.gitlabUrl,
    token: CANARY_PAT,
  });
  return createServices({
    config: new ConfigReader(config),
    database: { getClient: async () => knex, migrations: { skip: false } },
    logger: mockServices.logger.mock(),
    retry: fastRetry().retry,
  });
}

// Several group-level profiles, one per GitLab host, in one sync.
describe.each(databases.eachSupportedId())(
  'SyncService with several profiles on %s',
  databaseId => {
    let knex: Knex;
    let main: StandIns;
    let other: StandIns;
    let services: Awaited<ReturnType<typeof servicesFor>>;
    let mainHost: string;
    let otherHost: string;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });

    beforeEach(async () => {
      main = await startStandIns({ world: testWorld() });
      const world = testWorld();
      world.gitlab.projects.push(project(21, 'acme/ledger'));
      other = await startStandIns({ world });
      mainHost = new URL(main.gitlabUrl).host;
      otherHost = new URL(other.gitlabUrl).host;
      services = await servicesFor(knex, main, other);
      await clearTables(knex);
      // "Alpha" sorts first: the failing profile runs before the good one.
      await services.integrationService.saveGroup(
        { profileName: 'Zeta', host: mainHost },
        ADMIN,
      );
      await services.integrationService.saveGroup(
        { profileName: 'Alpha', host: otherHost },
        ADMIN,
      );
      main.faults.requests.length = 0;
    });
    afterEach(async () => {
      await main.close();
      await other.close();
    });

    const profile = (host: string) => services.store.getGroupIntegration(host);
    const count = (host: string) => services.store.countRepositories(host);

    it('syncs every profile into its own host inventory', async () => {
      await expect(services.sync.run()).resolves.toEqual({
        status: 'connected',
        repositories: 3 + 4,
        filesRead: 2 + 2,
        unchanged: 0,
      });
      expect(await profile(mainHost)).toMatchObject({ status: 'connected' });
      expect(await profile(otherHost)).toMatchObject({ status: 'connected' });
      expect(await count(mainHost)).toBe(3);
      expect(await count(otherHost)).toBe(4);
      // A good sync of one host leaves the other host's inventory alone.
      await services.integrationService.saveGroup(
        { profileName: 'Zeta', host: mainHost, catalog: { enabled: false } },
        ADMIN,
      );
      await services.sync.run();
      expect(await count(otherHost)).toBe(4);
    });

    it('marks a profile whose token GitLab rejects as failed, keeps its last good inventory, and still syncs the others', async () => {
      await services.sync.run();
      const good = (await profile(otherHost))!;
      other.world.gitlab.tokens[0].revoked = true;
      main.world.gitlab.projects.push(project(14, 'acme/new'));

      const result = await services.sync.run();
      expect(result).toMatchObject({
        status: 'failed',
        statusReason: expect.stringContaining(`${otherHost}: GitLab rejected`),
        repositories: 4,
      });
      expect(await profile(otherHost)).toMatchObject({
        status: 'failed',
        statusReason: expect.stringMatching(
          /^GitLab rejected the token for .+ \(unknown, revoked or expired\)/,
        ),
        lastGoodSyncAt: good.lastGoodSyncAt,
      });
      expect(await count(otherHost)).toBe(4);
      const synced = await profile(mainHost);
      expect(synced).toMatchObject({ status: 'connected' });
      expect(synced!.lastGoodSyncAt! > good.lastGoodSyncAt!).toBe(true);
      expect(await count(mainHost)).toBe(4);
    });

    it('marks a profile whose GitLab is down as failed and still syncs the others', async () => {
      await other.close();
      await expect(services.sync.run()).resolves.toMatchObject({
        status: 'failed',
        repositories: 3,
      });
      expect(await profile(otherHost)).toMatchObject({
        status: 'failed',
        statusReason: expect.stringContaining(
          `Could not check the GitLab token for ${otherHost}`,
        ),
      });
      expect(await profile(mainHost)).toMatchObject({ status: 'connected' });
    });

    it('stops at the abort and does not start the next profile', async () => {
      other.faults.add({
        service: 'gitlab',
        path: /\/api\/graphql$/,
        delayMs: 400,
      });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      await expect(
        services.sync.run(controller.signal),
      ).resolves.toBeUndefined();
      await new Promise(resolve => setTimeout(resolve, 500));
      expect(main.faults.requests).toEqual([]);
      expect(await profile(mainHost)).toMatchObject({
        status: 'partially_connected',
      });
      expect(await profile(otherHost)).toMatchObject({
        status: 'partially_connected',
      });
      expect(await count(otherHost)).toBe(0);
    });

    it('saves the app-config profiles only for hosts without one', async () => {
      await services.store.deleteGroupIntegration(otherHost);
      await services.integrationService.saveInitialProfiles([
        { profileName: 'From config', host: mainHost },
        { profileName: 'From config', host: otherHost },
      ]);
      expect(await profile(mainHost)).toMatchObject({ profileName: 'Zeta' });
      expect(await profile(otherHost)).toMatchObject({
        profileName: 'From config',
        status: 'partially_connected',
        updatedBy: 'app-config',
      });
      // Deleted in the portal: the next start does not bring it back.
      await services.integrationService.deleteGroup(
        otherHost,
        'user:default/a',
      );
      await services.integrationService.saveInitialProfiles([
        { profileName: 'From config', host: otherHost },
      ]);
      expect(await profile(otherHost)).toBeUndefined();
      await expect(
        services.integrationService.saveInitialProfiles([
          { profileName: 'Nowhere', host: 'gitlab.nowhere.example' },
        ]),
      ).rejects.toThrow(
        'Invalid snykGitlab.initialGroupProfiles: gitlab.nowhere.example is not a GitLab host in integrations.gitlab',
      );
    });
  },
);
