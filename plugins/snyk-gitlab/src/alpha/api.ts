import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { snykGitlabApiRef } from '../api/SnykGitlabApi';
import { SnykGitlabClient } from '../api/SnykGitlabClient';

/** The client of the snyk-gitlab backend, as a utility API. */
export const snykGitlabApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: snykGitlabApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SnykGitlabClient(deps),
    }),
});
