import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  snykGitlabIntegrationManagePermission,
  snykGitlabIntegrationReadPermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import request from 'supertest';
import { permissionModuleSnykGitlab } from './module';

describe('permission module in a running permission backend', () => {
  it('decides with the configured admins', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleSnykGitlab,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            snykGitlab: { permissions: { admins: ['user:default/ada'] } },
          },
        }),
      ],
    });
    const decide = async (user: string) =>
      (
        await request(server)
          .post('/api/permission/authorize')
          .set('Authorization', mockCredentials.user.header(user))
          .send({
            items: [
              {
                id: 'manage',
                permission: snykGitlabIntegrationManagePermission,
              },
              { id: 'read', permission: snykGitlabIntegrationReadPermission },
            ],
          })
          .expect(200)
      ).body.items.map((i: { result: string }) => i.result);
    expect(await decide('user:default/ada')).toEqual(['ALLOW', 'ALLOW']);
    expect(await decide('user:default/bo')).toEqual(['DENY', 'ALLOW']);
  });
});
