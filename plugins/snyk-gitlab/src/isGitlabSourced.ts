import { Entity } from '@backstage/catalog-model';

export const GITLAB_PROJECT_SLUG = 'gitlab.com/project-slug';
export const GITLAB_PROJECT_ID = 'gitlab.com/project-id';

/**
 * Whether an entity comes from GitLab: it carries `gitlab.com/project-slug`
 * or `gitlab.com/project-id`. The snyk-gitlab catalog module adds the slug to
 * every entity found at a location on a configured GitLab host.
 */
export function isGitlabSourced(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[GITLAB_PROJECT_SLUG] || annotations[GITLAB_PROJECT_ID],
  );
}
