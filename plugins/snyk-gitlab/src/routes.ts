import { createRouteRef } from '@backstage/core-plugin-api';

/** The platform engineer's page. */
export const rootRouteRef = createRouteRef({ id: 'snyk-gitlab' });
