import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  snykGitlab?: {
    /** How often the catalog module reloads its in-memory repository index. Default every 5 minutes. */
    catalogIndexSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
  };
}
