// The demo's GitLab and Snyk stand-ins on their usual ports, for the install test.
import { startDemoStandIns } from '../../packages/backend/src/demo';

startDemoStandIns().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
