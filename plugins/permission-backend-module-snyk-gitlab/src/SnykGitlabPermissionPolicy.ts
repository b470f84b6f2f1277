import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  snykGitlabIntegrationManagePermission,
  snykGitlabIntegrationReadPermission,
  snykGitlabRepositoryImportPermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The snyk-gitlab permissions: managing the integrations is for the
 * configured admins; importing a component's repository for admins and the
 * component's owners; reading for everyone signed in. Every other permission
 * is allowed, as Backstage's allow-all policy does: merge these rules into
 * your own policy where you have one.
 */
export class SnykGitlabPermissionPolicy implements PermissionPolicy {
  private readonly admins: Set<string>;

  constructor(admins: string[]) {
    this.admins = new Set(admins.map(a => a.toLocaleLowerCase('en-US')));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const claims = user?.info.ownershipEntityRefs ?? [];
    const admin = claims.some(c =>
      this.admins.has(c.toLocaleLowerCase('en-US')),
    );
    if (isPermission(permission, snykGitlabIntegrationManagePermission)) {
      return admin ? ALLOW : DENY;
    }
    if (isPermission(permission, snykGitlabRepositoryImportPermission)) {
      if (admin) return ALLOW;
      if (!user) return DENY;
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    if (isPermission(permission, snykGitlabIntegrationReadPermission)) {
      return ALLOW;
    }
    return ALLOW;
  }
}
