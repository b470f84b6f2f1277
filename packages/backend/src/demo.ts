import {
  DEMO_FIXTURE_DIR,
  startStandIns,
} from '@snyk-gitlab/stand-ins';

export const DEMO_GITLAB_PORT = 7101;
export const DEMO_SNYK_PORT = 7102;

/** Serves the demo world's GitLab and Snyk on loopback for the demo portal. */
export async function startDemoStandIns() {
  const standIns = await startStandIns({
    fixtureDir: DEMO_FIXTURE_DIR,
    gitlabPort: DEMO_GITLAB_PORT,
    snykPort: DEMO_SNYK_PORT,
    host: 'localhost',
  });
  // eslint-disable-next-line no-console
  console.log(
    `Demo stand-ins: GitLab ${standIns.gitlabUrl}, Snyk ${standIns.snykUrl}`,
  );
  return standIns;
}
