import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { SnykGitlabPermissionPolicy } from './SnykGitlabPermissionPolicy';

/** Installs {@link SnykGitlabPermissionPolicy} as the permission policy. */
export const permissionModuleSnykGitlab = createBackendModule({
  pluginId: 'permission',
  moduleId: 'snyk-gitlab-policy',
  register(env) {
    env.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ policy, config, logger }) {
        const admins =
          config.getOptionalStringArray('snykGitlab.permissions.admins') ?? [];
        if (admins.length === 0) {
          logger.warn(
            'snykGitlab.permissions.admins is empty: nobody may manage the Snyk GitLab integrations',
          );
        }
        policy.setPolicy(new SnykGitlabPermissionPolicy(admins));
      },
    });
  },
});
