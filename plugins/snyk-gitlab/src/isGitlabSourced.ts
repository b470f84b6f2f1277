import { Entity } from '@backstage/catalog-model';
import {
  GITLAB_PROJECT_ID,
  GITLAB_PROJECT_SLUG,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';

export { GITLAB_PROJECT_ID, GITLAB_PROJECT_SLUG };

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
