import { Entity } from '@backstage/catalog-model';

export const PROJECT_SLUG = 'gitlab.com/project-slug';
export const PROJECT_ID = 'gitlab.com/project-id';
const LOCATION_ANNOTATIONS = [
  'backstage.io/source-location',
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
];

export interface GitlabSource {
  host?: string;
  path?: string;
  projectId?: number;
}

/** The project path in a GitLab URL: `/group/sub/project/-/blob/main/x.yaml` → `group/sub/project`. */
export function projectPathFromUrl(url: URL): string | undefined {
  let path = decodeURIComponent(url.pathname)
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
  const dash = path.indexOf('/-/');
  if (dash >= 0) {
    path = path.slice(0, dash);
  } else {
    path = path.replace(/\.git$/, '');
    const legacy = /^(.*?)\/(?:blob|tree|raw)\/[^/]+(?:\/.*)?$/.exec(path);
    if (legacy) path = legacy[1];
  }
  return path.split('/').length >= 2 ? path : undefined;
}

function parseLocation(value: string | undefined): URL | undefined {
  const target = value?.replace(/^url:/, '');
  if (!target || !/^https?:\/\//.test(target)) return undefined;
  try {
    return new URL(target);
  } catch {
    return undefined;
  }
}

/**
 * Where a GitLab-sourced entity lives: from its `gitlab.com/project-slug` or
 * `gitlab.com/project-id` annotation, or from a location URL on a GitLab host.
 */
export function gitlabSourceOf(
  entity: Entity,
  gitlabHosts: string[],
  extraLocation?: string,
): GitlabSource | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const slug = annotations[PROJECT_SLUG]?.trim();
  const id = Number(annotations[PROJECT_ID]);
  const projectId = Number.isInteger(id) && id > 0 ? id : undefined;
  let fromUrl: GitlabSource | undefined;
  for (const value of [
    ...LOCATION_ANNOTATIONS.map(a => annotations[a]),
    extraLocation,
  ]) {
    const url = parseLocation(value);
    if (url && gitlabHosts.includes(url.host)) {
      fromUrl = { host: url.host, path: projectPathFromUrl(url) };
      if (fromUrl.path) break;
    }
  }
  if (!slug && projectId === undefined && !fromUrl) return undefined;
  return {
    host: fromUrl?.host,
    path: slug || fromUrl?.path,
    projectId,
  };
}
