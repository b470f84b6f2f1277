/**
 * The snyk-gitlab backend plugin.
 *
 * @packageDocumentation
 */
export { snykGitlabPlugin as default } from './plugin';
export { parseCatalogFile } from './catalog/parseCatalogFile';
export type { ParsedCatalogFile } from './catalog/parseCatalogFile';
