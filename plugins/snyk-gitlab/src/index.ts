/**
 * Integrate with Snyk tab and status card for GitLab-sourced components.
 *
 * @packageDocumentation
 */
export {
  snykGitlabPlugin,
  EntitySnykGitlabContent,
  EntitySnykGitlabCard,
  SnykGitlabPage,
} from './plugin';
export { rootRouteRef } from './routes';
export { isGitlabSourced } from './isGitlabSourced';
export { snykGitlabApiRef } from './api/SnykGitlabApi';
export type { SnykGitlabApi, BulkImportQuery } from './api/SnykGitlabApi';
export { SnykGitlabClient } from './api/SnykGitlabClient';
