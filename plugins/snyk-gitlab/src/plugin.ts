import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { snykGitlabApiRef } from './api/SnykGitlabApi';
import { SnykGitlabClient } from './api/SnykGitlabClient';

export const snykGitlabPlugin = createPlugin({
  id: 'snyk-gitlab',
  apis: [
    createApiFactory({
      api: snykGitlabApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SnykGitlabClient(deps),
    }),
  ],
});

/** The "Integrate with Snyk" entity tab. */
export const EntitySnykGitlabContent = snykGitlabPlugin.provide(
  createComponentExtension({
    name: 'EntitySnykGitlabContent',
    component: {
      lazy: () =>
        import('./components/EntitySnykGitlabContent').then(
          m => m.EntitySnykGitlabContent,
        ),
    },
  }),
);

/** The status card for a component's overview page. */
export const EntitySnykGitlabCard = snykGitlabPlugin.provide(
  createComponentExtension({
    name: 'EntitySnykGitlabCard',
    component: {
      lazy: () =>
        import('./components/EntitySnykGitlabCard').then(
          m => m.EntitySnykGitlabCard,
        ),
    },
  }),
);
