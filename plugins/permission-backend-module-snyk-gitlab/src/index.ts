/**
 * A permission policy for the snyk-gitlab plugins.
 *
 * @packageDocumentation
 */
export { permissionModuleSnykGitlab as default } from './module';
export { SnykGitlabPermissionPolicy } from './SnykGitlabPermissionPolicy';
