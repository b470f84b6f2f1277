import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestDatabaseId,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  StandIns,
  startStandIns,
  testConfig,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import request from 'supertest';
import { snykGitlabPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/databases';

const databases = createTestDatabases();
const ADMIN = mockCredentials.user.header('user:default/admin');

describe.each(databases.eachSupportedId())(
  'sync on the real Backstage scheduler on %s',
  databaseId => {
    let standIns: StandIns;

    beforeEach(async () => {
      standIns = await startStandIns({ world: testWorld() });
    });
    afterEach(() => standIns.close());

    it('runs the global sync task when POST /sync triggers it', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      const backend = await startTestBackend({
        features: [
          snykGitlabPlugin,
          schedulerServiceFactory,
          // No initial delay: a worker still in its initial wait ignores triggers.
          mockServices.rootConfig.factory({
            data: testConfig(standIns, {
              frequency: { minutes: 30 },
              timeout: { minutes: 1 },
            }),
          }),
          mockServices.database.factory({ knex }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        ],
      });
      const api = request(backend.server);
      const host = new URL(standIns.gitlabUrl).host;
      await api
        .put('/api/snyk-gitlab/integrations/group')
        .set('Authorization', ADMIN)
        .send({ profileName: 'Acme', host })
        .expect(200);
      await api
        .post('/api/snyk-gitlab/sync')
        .set('Authorization', ADMIN)
        .expect(202);

      // The scheduler's worker picks the triggered task up within seconds.
      let status;
      for (let i = 0; i < 60 && status !== 'connected'; i++) {
        await new Promise(resolve => setTimeout(resolve, 500));
        const res = await api
          .get('/api/snyk-gitlab/state')
          .set('Authorization', ADMIN);
        status = res.body.group.status;
      }
      expect(status).toBe('connected');
      const tasks = await knex('backstage_backend_tasks__tasks').select('id');
      expect(tasks.map(t => t.id)).toContain('snyk-gitlab-sync');
      await backend.stop();
    }, 60_000);
  },
);
