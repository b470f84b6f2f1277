import { createPermission } from '@backstage/plugin-permission-common';

/** Save or repair the group-level and org-level integrations, and run a sync. */
export const snykGitlabIntegrationManagePermission = createPermission({
  name: 'snyk-gitlab.integration.manage',
  attributes: { action: 'update' },
});

/** Import a GitLab repository into a Snyk organization. */
export const snykGitlabRepositoryImportPermission = createPermission({
  name: 'snyk-gitlab.repository.import',
  attributes: { action: 'create' },
});

export const snykGitlabPermissions = [
  snykGitlabIntegrationManagePermission,
  snykGitlabRepositoryImportPermission,
];
