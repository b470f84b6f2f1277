import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The route of the platform page (`/snyk-gitlab` unless configured). */
export const snykGitlabRouteRef = createRouteRef();
