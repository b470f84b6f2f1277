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

/** Annotations whose URL says where an entity's files live, in this order. */
const LOCATION_ANNOTATIONS = [
  'backstage.io/source-location',
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
];

/**
 * The GitLab host an entity lives on: the host of its first location
 * annotation (`url:https://host/…`) that is one of `hosts`, as `hosts` spells it.
 */
export function entityGitlabHost(
  annotations: Record<string, string> = {},
  hosts: string[],
): string | undefined {
  for (const name of LOCATION_ANNOTATIONS) {
    const target = annotations[name]?.replace(/^url:/, '');
    if (!target || !/^https?:\/\//i.test(target)) continue;
    let host: string;
    try {
      host = new URL(target).host;
    } catch {
      continue;
    }
    const found = hosts.find(h => h.toLowerCase() === host);
    if (found) return found;
  }
  return undefined;
}
