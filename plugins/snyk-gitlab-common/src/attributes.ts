/** The catalog attributes Snyk Essentials can pull from a Backstage catalog file. */
export const CATALOG_ATTRIBUTES = [
  'category',
  'owner',
  'lifecycle',
  'application',
  'catalogName',
  'title',
] as const;

export type CatalogAttribute = (typeof CATALOG_ATTRIBUTES)[number];

/** Each attribute as Snyk Essentials names it. */
export const CATALOG_ATTRIBUTE_LABELS: Record<CatalogAttribute, string> = {
  category: 'Category',
  owner: 'Owner',
  lifecycle: 'Lifecycle',
  application: 'Application',
  catalogName: 'Catalog name',
  title: 'Title',
};

/** The field each attribute is read from unless another is chosen. */
export const DEFAULT_ATTRIBUTE_FIELDS: Record<CatalogAttribute, string> = {
  category: 'spec.type',
  owner: 'spec.owner',
  lifecycle: 'spec.lifecycle',
  application: 'spec.system',
  catalogName: 'metadata.name',
  title: 'metadata.title',
};

export const DEFAULT_CATALOG_FILENAME = 'catalog-info.yaml';

/** The scopes Snyk's GitLab guide asks for: shown as advice, never enforced. */
export const RECOMMENDED_GITLAB_SCOPES = ['api', 'read_api', 'read_repository'];

/**
 * What each level really needs. The group level lists projects and reads
 * files: `api` or `read_api` grants both. The org level registers the token
 * in Snyk, which imports and opens merge requests with it: `api`.
 */
export const GITLAB_SCOPE_NEEDS = {
  group: { anyOf: ['api', 'read_api'] },
  org: { anyOf: ['api'] },
} as const;

/** The scopes a level lacks: empty when the token has any of those it needs. */
export function missingScopes(
  scopes: string[],
  level: keyof typeof GITLAB_SCOPE_NEEDS,
): string[] {
  const { anyOf } = GITLAB_SCOPE_NEEDS[level];
  return anyOf.some(s => scopes.includes(s)) ? [] : [...anyOf];
}

export const DEFAULT_GITLAB_HOST = 'gitlab.com';

/** What a token's scopes allow, level by level, and what the guide would add. */
export function tokenScopeFacts(scopes: string[]) {
  return {
    scopes,
    missingScopes: missingScopes(scopes, 'group'),
    missingOrgScopes: missingScopes(scopes, 'org'),
    missingRecommended: RECOMMENDED_GITLAB_SCOPES.filter(
      s => !scopes.includes(s),
    ),
  };
}
