import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { snykGitlabApi } from './api';
import { entitySnykGitlabCard, entitySnykGitlabContent } from './entity';
import { snykGitlabPage } from './page';
import { snykGitlabRouteRef } from './routes';

/**
 * The snyk-gitlab plugin: the backend client, the status card and the
 * "Integrate with Snyk" tab for GitLab-sourced entities, and the platform page.
 */
export default createFrontendPlugin({
  pluginId: 'snyk-gitlab',
  routes: { root: snykGitlabRouteRef },
  extensions: [
    snykGitlabApi,
    entitySnykGitlabCard,
    entitySnykGitlabContent,
    snykGitlabPage,
  ],
});
