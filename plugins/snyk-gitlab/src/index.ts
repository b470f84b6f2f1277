/**
 * Integrate with Snyk tab and status card for GitLab-sourced components.
 *
 * @packageDocumentation
 */
export {
  snykGitlabPlugin,
  EntitySnykGitlabContent,
  EntitySnykGitlabCard,
} from './plugin';
export { isGitlabSourced } from './isGitlabSourced';
export { snykGitlabApiRef } from './api/SnykGitlabApi';
export type { SnykGitlabApi } from './api/SnykGitlabApi';
export { SnykGitlabClient } from './api/SnykGitlabClient';
