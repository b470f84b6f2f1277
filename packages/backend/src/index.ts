import { createBackend } from '@backstage/backend-defaults';
import { startDemoStandIns } from './demo';

async function main() {
  // Demo mode: local GitLab and Snyk stand-ins on the ports app-config.yaml names.
  if (process.env.SNYK_GITLAB_DEMO === 'true') {
    await startDemoStandIns();
  }

  const backend = createBackend();
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@snyk-gitlab/plugin-catalog-backend-module-snyk-gitlab'));
  backend.add(import('@backstage/plugin-permission-backend'));
  // Manage for snykGitlab.permissions.admins, import for them and owners, read for all.
  backend.add(import('@snyk-gitlab/plugin-permission-backend-module-snyk-gitlab'));
  backend.add(import('@snyk-gitlab/plugin-snyk-gitlab-backend'));
  await backend.start();
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
