import { EntityStatusQuery } from './types';

/** GitLab's annotations, as Backstage's GitLab plugins read them. */
export const GITLAB_PROJECT_SLUG = 'gitlab.com/project-slug';
export const GITLAB_PROJECT_ID = 'gitlab.com/project-id';

/** How an entity's repository is found: its GitLab annotations, else its ref. */
export function entityRepositoryQuery(
  entityRef: string,
  annotations: Record<string, string> = {},
): EntityStatusQuery {
  const projectId = Number(annotations[GITLAB_PROJECT_ID]);
  return {
    entityRef,
    projectSlug: annotations[GITLAB_PROJECT_SLUG] || undefined,
    projectId:
      Number.isSafeInteger(projectId) && projectId > 0 ? projectId : undefined,
  };
}
