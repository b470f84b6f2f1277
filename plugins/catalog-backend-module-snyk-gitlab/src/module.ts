import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { IndexLoader } from './IndexLoader';
import { RepositoryIndexCache } from './RepositoryIndexCache';
import { SnykGitlabAnnotationProcessor } from './SnykGitlabAnnotationProcessor';

export const INDEX_TASK_ID = 'snyk-gitlab-catalog-index';

/** Enriches GitLab-sourced entities with Snyk annotations from an in-memory index. */
export const catalogModuleSnykGitlab = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'snyk-gitlab',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        discovery,
        auth,
        lifecycle,
      }) {
        const cache = new RepositoryIndexCache();
        const hosts = ScmIntegrations.fromConfig(config)
          .gitlab.list()
          .map(i => i.config.host);
        catalog.addProcessor(
          new SnykGitlabAnnotationProcessor(cache, hosts, logger),
        );
        const loader = new IndexLoader({ auth, discovery, logger, cache });
        const schedule = config.has('snykGitlab.catalogIndexSchedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('snykGitlab.catalogIndexSchedule'),
            )
          : { frequency: { minutes: 5 }, timeout: { minutes: 1 } };
        // The first load runs once the backend is up (the backend plugin
        // answers only then), not after a whole interval.
        let started = false;
        lifecycle.addStartupHook(() => {
          started = true;
          void loader.refresh();
        });
        // Each replica keeps its own index, so the task is local.
        await scheduler.scheduleTask({
          id: INDEX_TASK_ID,
          scope: 'local',
          ...schedule,
          fn: async () => {
            if (started) await loader.refresh();
          },
        });
      },
    });
  },
});
