import { PageBlueprint } from '@backstage/frontend-plugin-api';
import SecurityIcon from '@material-ui/icons/Security';
import { snykGitlabRouteRef } from './routes';

/**
 * The platform engineer's page; its nav item comes from `title` and `icon`.
 * The page draws its own header.
 */
export const snykGitlabPage = PageBlueprint.make({
  params: {
    path: '/snyk-gitlab',
    title: 'Snyk',
    icon: <SecurityIcon />,
    routeRef: snykGitlabRouteRef,
    noHeader: true,
    loader: () =>
      import('../components/SnykGitlabPage').then(m => <m.SnykGitlabPage />),
  },
});
