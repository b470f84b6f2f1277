import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EntityStatusQuery } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { snykGitlabApiRef } from '../api/SnykGitlabApi';

/**
 * How the backend finds this entity's repository: by the entity alone; the
 * backend reads it from the catalog as the user may see it.
 */
export function entityStatusQuery(entity: Entity): EntityStatusQuery {
  return { entityRef: stringifyEntityRef(entity) };
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
