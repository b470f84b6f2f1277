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
} from '@snyk-gitlab/stand-ins';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { snykGitlabPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/databases';

const databases = createTestDatabases();
const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));
const INTERVAL_MS = 2000;

/** One backend per connection pool, as replicas sharing one database run. */
async function startReplicas(config: object, pools: Knex[]) {
  const backends = [];
  // One after another: the first runs the migrations.
  for (const knex of pools) {
    backends.push(
      await startTestBackend({
        features: [
          snykGitlabPlugin,
          schedulerServiceFactory,
          mockServices.rootConfig.factory({ data: config }),
          mockServices.database.factory({ knex }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        ],
      }),
    );
  }
  return backends;
}

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
      const [a, b] = await startReplicas(config, [first, second]);
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

    it('never write after the scheduler aborts a sync that ran past its time-out', async () => {
      const standIns = await startStandIns({ world: testWorld() });
      const first = await databases.init(databaseId as TestDatabaseId);
      const second = knexFactory(first.client.config);
      // Each run times out while its GitLab reads are still in flight.
      standIns.faults.add({
        service: 'gitlab',
        path: /\/raw$|\/api\/graphql$/,
        delayMs: 2500,
      });
      const config = testConfig(standIns, {
        frequency: { seconds: 2 },
        timeout: { seconds: 1 },
        initialDelay: { seconds: 2 },
      });
      const [a, b] = await startReplicas(config, [first, second]);
      try {
        await request(a.server)
          .put('/api/snyk-gitlab/integrations/group')
          .set('Authorization', mockCredentials.user.header())
          .send({ profileName: 'Acme', host: new URL(standIns.gitlabUrl).host })
          .expect(200);
        await new Promise(resolve => setTimeout(resolve, 8000));
        const runs = standIns.faults.requests.filter(r =>
          r.path.endsWith('/personal_access_tokens/self'),
        );
        // The save's check, then at least two scheduled runs, all aborted.
        expect(runs.length).toBeGreaterThanOrEqual(3);
        const [group] = await first('group_integrations').select('status');
        expect(group.status).toBe('partially_connected');
        expect(await first('repositories').count({ n: '*' })).toEqual([
          { n: expect.anything() },
        ]);
        expect(
          Number((await first('repositories').count({ n: '*' }))[0].n),
        ).toBe(0);
      } finally {
        await a.stop();
        await b.stop();
        await second.destroy();
        await standIns.close();
      }
    }, 60_000);
  },
);
