import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { snykGitlabPermissions } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Access } from './service/access';
import { createServices } from './service/createServices';
import { SYNC_TASK_ID, createRouter } from './service/router';
import { BULK_IMPORT_TASK_ID } from './bulk/BulkImportWorker';

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
        catalog: catalogServiceRef,
        auditor: coreServices.auditor,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const {
          settings,
          store,
          orgService,
          integrationService,
          sync,
          orgSettings,
          inventoryQueries,
          bulkImports,
          bulkImportWorker,
        } = await createServices({ config, database: deps.database, logger });

        await integrationService.saveInitialProfiles(
          settings.initialGroupProfiles,
        );
        deps.permissionsRegistry.addPermissions(snykGitlabPermissions);
        await scheduler.scheduleTask({
          id: SYNC_TASK_ID,
          scope: 'global',
          ...settings.schedule,
          fn: async signal => {
            await sync.run(signal);
          },
        });
        // The bulk import queue: one replica works it off at a time.
        await scheduler.scheduleTask({
          id: BULK_IMPORT_TASK_ID,
          scope: 'global',
          frequency: { seconds: 5 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 5 },
          fn: signal => bulkImportWorker.run(signal),
        });
        deps.httpRouter.use(
          await createRouter({
            access: new Access({
              httpAuth: deps.httpAuth,
              permissions: deps.permissions,
              catalog: deps.catalog,
            }),
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            scheduler,
            store,
            integrationService,
            orgService,
            orgSettings,
            inventoryQueries,
            bulkImports,
          }),
        );
      },
    });
  },
});
