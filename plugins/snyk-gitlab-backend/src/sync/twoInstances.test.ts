import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestDatabaseId,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  startStandIns,
  testConfig,
  testWorld,
} from '@internal/snyk-gitlab-stand-ins';
import knexFactory from 'knex';
import request from 'supertest';
import { snykGitlabPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/databases';

const databases = createTestDatabases();
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));
const INTERVAL_MS = 2000;

// Skipped only without PostgreSQL, which CI never is (createTestDatabases throws there).
(postgres.length ? describe.each(postgres) : describe.skip.each([['none']]))(
  'two backends on one %s',
  databaseId => {
    it('run the scheduled sync exactly once per interval', async () => {
      const standIns = await startStandIns({ world: testWorld() });
      const first = await databases.init(databaseId as TestDatabaseId);
      // A second connection pool to the same database, as a second replica has.
      const second = knexFactory(first.client.config);
      const config = testConfig(standIns, {
        frequency: { milliseconds: INTERVAL_MS },
        timeout: { seconds: 30 },
      });
      const start = (knex: typeof first) =>
        startTestBackend({
          features: [
            snykGitlabPlugin,
            schedulerServiceFactory,
            mockServices.rootConfig.factory({ data: config }),
            mockServices.database.factory({ knex }),
            mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          ],
        });
      const a = await start(first);
      const b = await start(second);
      try {
        await request(a.server)
          .put('/api/snyk-gitlab/integrations/group')
          .set('Authorization', mockCredentials.user.header())
          .send({ profileName: 'Acme', host: new URL(standIns.gitlabUrl).host })
          .expect(200);
        const from = Date.now();
        await new Promise(resolve =>
          setTimeout(resolve, 5 * INTERVAL_MS + 500),
        );
        // Each sync checks the PAT once; so does the save, which came before `from`.
        const runs = standIns.faults.requests
          .filter(
            r =>
              r.path.endsWith('/personal_access_tokens/self') && r.at >= from,
          )
          .map(r => r.at);
        expect(runs.length).toBeGreaterThanOrEqual(2);
        expect(runs.length).toBeLessThanOrEqual(6);
        for (let i = 1; i < runs.length; i++) {
          // Never two runs in one interval, whichever replica ran them.
          expect(runs[i] - runs[i - 1]).toBeGreaterThan(INTERVAL_MS * 0.75);
        }
      } finally {
        await a.stop();
        await b.stop();
        await second.destroy();
        await standIns.close();
      }
    }, 60_000);
  },
);
