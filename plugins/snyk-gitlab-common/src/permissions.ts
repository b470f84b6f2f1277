import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/** Save or repair the group-level and org-level integrations, and run a sync. */
export const snykGitlabIntegrationManagePermission = createPermission({
  name: 'snyk-gitlab.integration.manage',
  attributes: { action: 'update' },
});

/**
 * Read the integrations in detail: GitLab hosts, profiles, token health, Snyk
 * orgs, the whole inventory and any repository by project id or path.
 * Without it a user sees whether things are connected, and the repository
 * data of the catalog entities they may read.
 */
export const snykGitlabIntegrationReadPermission = createPermission({
  name: 'snyk-gitlab.integration.read',
  attributes: { action: 'read' },
});

/**
 * Import a component's GitLab repository into its Snyk organization. A
 * resource permission on the catalog entity, so a policy can scope it with
 * catalog conditions (e.g. only the entity's owners).
 */
export const snykGitlabRepositoryImportPermission = createPermission({
  name: 'snyk-gitlab.repository.import',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

export const snykGitlabPermissions = [
  snykGitlabIntegrationManagePermission,
  snykGitlabIntegrationReadPermission,
  snykGitlabRepositoryImportPermission,
];
