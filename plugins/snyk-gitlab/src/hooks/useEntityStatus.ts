import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityStatusQuery } from '@internal/plugin-snyk-gitlab-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { snykGitlabApiRef } from '../api/SnykGitlabApi';
import { GITLAB_PROJECT_ID, GITLAB_PROJECT_SLUG } from '../isGitlabSourced';

/** How the backend finds this entity's repository. */
export function entityStatusQuery(entity: Entity): EntityStatusQuery {
  const annotations = entity.metadata.annotations ?? {};
  const projectId = Number(annotations[GITLAB_PROJECT_ID]);
  return {
    entityRef: stringifyEntityRef(entity),
    projectSlug: annotations[GITLAB_PROJECT_SLUG] || undefined,
    projectId:
      Number.isInteger(projectId) && projectId > 0 ? projectId : undefined,
  };
}

/** One request: everything the card or tab shows about this entity. */
export function useEntityStatus(entity: Entity) {
  const api = useApi(snykGitlabApiRef);
  const ref = stringifyEntityRef(entity);
  return useAsyncRetry(
    () => api.getEntityStatus(entityStatusQuery(entity)),
    [api, ref],
  );
}
