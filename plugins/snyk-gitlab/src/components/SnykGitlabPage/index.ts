export { SnykGitlabPage } from './SnykGitlabPage';
