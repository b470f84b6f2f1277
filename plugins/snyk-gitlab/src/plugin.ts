import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { snykGitlabApiRef } from './api/SnykGitlabApi';
import { SnykGitlabClient } from './api/SnykGitlabClient';
import { rootRouteRef } from './routes';

export const snykGitlabPlugin = createPlugin({
  id: 'snyk-gitlab',
  apis: [
    createApiFactory({
      api: snykGitlabApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SnykGitlabClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The platform engineer's page: profiles, inventory, bulk import and org settings. */
export const SnykGitlabPage: () => JSX.Element = snykGitlabPlugin.provide(
  createRoutableExtension({
    name: 'SnykGitlabPage',
    component: () =>
      import('./components/SnykGitlabPage').then(m => m.SnykGitlabPage),
    mountPoint: rootRouteRef,
  }),
);

/** The "Integrate with Snyk" entity tab. */
export const EntitySnykGitlabContent: () => JSX.Element | null =
  snykGitlabPlugin.provide(
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
export const EntitySnykGitlabCard: (props: {
  tabPath?: string;
}) => JSX.Element = snykGitlabPlugin.provide(
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
