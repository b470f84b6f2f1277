export { EntitySnykGitlabCard } from './EntitySnykGitlabCard';
