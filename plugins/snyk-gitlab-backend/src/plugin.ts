import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { snykGitlabPermissions } from '@internal/plugin-snyk-gitlab-common';
import { GitlabAccess } from './clients/GitlabAccess';
import { SnykClient } from './clients/SnykClient';
import { readPluginOptions } from './config';
import { DatabaseSnykGitlabStore } from './database/DatabaseSnykGitlabStore';
import { IntegrationService } from './service/IntegrationService';
import { SnykOrgService } from './service/SnykOrgService';
import { SYNC_TASK_ID, createRouter } from './service/router';
import { SyncService } from './sync/SyncService';

/**
 * Keeps the Snyk / GitLab integration state, syncs GitLab repositories on the
 * scheduler and serves the portal's REST API.
 */
export const snykGitlabPlugin = createBackendPlugin({
  pluginId: 'snyk-gitlab',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const options = readPluginOptions(config);
        const store = await DatabaseSnykGitlabStore.create(deps.database);
        const gitlab = new GitlabAccess(
          ScmIntegrations.fromConfig(config),
          logger,
        );
        const snyk = options.snyk.token
          ? new SnykClient(
              options.snyk.apiBaseUrl,
              options.snyk.token,
              options.snyk.restVersion,
              logger,
            )
          : undefined;
        const orgService = new SnykOrgService({
          store,
          gitlab,
          snyk,
          orgs: options.snyk.orgs,
          logger,
        });
        const integrationService = new IntegrationService({
          store,
          gitlab,
          orgService,
          catalogDefaults: options.catalogDefaults,
          snykConfigured: Boolean(snyk),
          snykGroupId: options.snyk.groupId,
        });
        const sync = new SyncService({
          store,
          gitlab,
          orgService,
          orgs: options.snyk.orgs,
          schedule: options.schedule,
          logger,
        });

        deps.permissionsRegistry.addPermissions(snykGitlabPermissions);
        await scheduler.scheduleTask({
          id: SYNC_TASK_ID,
          scope: 'global',
          ...options.schedule,
          fn: async () => {
            await sync.run();
          },
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            scheduler,
            store,
            integrationService,
            orgService,
          }),
        );
      },
    });
  },
});
