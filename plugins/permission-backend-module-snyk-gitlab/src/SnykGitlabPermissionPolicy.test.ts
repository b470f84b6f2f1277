import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  snykGitlabIntegrationManagePermission,
  snykGitlabIntegrationReadPermission,
  snykGitlabRepositoryImportPermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { SnykGitlabPermissionPolicy } from './SnykGitlabPermissionPolicy';

function user(...ownership: string[]): PolicyQueryUser {
  return {
    identity: {
      type: 'user',
      userEntityRef: ownership[0],
      ownershipEntityRefs: ownership,
    },
    info: { userEntityRef: ownership[0], ownershipEntityRefs: ownership },
    credentials: {} as PolicyQueryUser['credentials'],
    token: 't',
  } as PolicyQueryUser;
}

describe('SnykGitlabPermissionPolicy', () => {
  const policy = new SnykGitlabPermissionPolicy(['group:default/Platform']);
  const admin = user('user:default/ada', 'group:default/platform');
  const owner = user('user:default/bo', 'group:default/team-a');

  it('lets only the configured admins manage the integrations', async () => {
    const manage = { permission: snykGitlabIntegrationManagePermission };
    expect(await policy.handle(manage, admin)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle(manage, owner)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle(manage)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('lets admins import anything and owners import their own components', async () => {
    const importing = { permission: snykGitlabRepositoryImportPermission };
    expect(await policy.handle(importing, admin)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle(importing, owner)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/bo', 'group:default/team-a'] },
      },
    });
  });

  it('lets everyone signed in read, and leaves other permissions allowed', async () => {
    expect(
      await policy.handle(
        { permission: snykGitlabIntegrationReadPermission },
        owner,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    const other = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    expect(await policy.handle({ permission: other }, owner)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
