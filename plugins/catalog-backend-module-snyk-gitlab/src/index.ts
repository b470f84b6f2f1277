/**
 * Catalog module adding Snyk and GitLab annotations to GitLab-sourced entities.
 *
 * @packageDocumentation
 */
export { catalogModuleSnykGitlab as default } from './module';
