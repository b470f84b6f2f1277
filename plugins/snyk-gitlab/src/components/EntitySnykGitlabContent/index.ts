export { EntitySnykGitlabContent } from './EntitySnykGitlabContent';
