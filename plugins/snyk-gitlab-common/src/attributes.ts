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

/** Scopes Snyk needs on the GitLab personal access token. */
export const REQUIRED_GITLAB_SCOPES = ['api', 'read_api', 'read_repository'];

export const DEFAULT_GITLAB_HOST = 'gitlab.com';
