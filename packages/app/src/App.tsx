import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import snykGitlabPlugin from '@snyk-gitlab/plugin-snyk-gitlab/alpha';
import { appModule } from './modules/app';

export default createApp({
  features: [catalogPlugin, orgPlugin, snykGitlabPlugin, appModule],
});
