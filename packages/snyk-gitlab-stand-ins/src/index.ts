/**
 * Local HTTP stand-ins of the GitLab and Snyk APIs for tests, benchmarks and the demo.
 *
 * @packageDocumentation
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';

export { startStandIns } from './server';
export type { StandIns, StandInsOptions } from './server';
export { Faults } from './faults';
export type { Fault, RateLimit, RecordedRequest, Service } from './faults';
export {
  blobId,
  createWorld,
  editFile,
  loadWorld,
  repositoryFreshness,
  syncSnykInventory,
} from './world';
export type * from './world';
export { issueCountsFor } from './snyk';
export {
  CANARY_PAT,
  CANARY_SNYK_TOKEN,
  GROUP_ID,
  ORG_ID,
  catalogFile,
  project,
  testConfig,
  testWorld,
} from './testWorld';

/** The fixture directory the demo portal serves. */
export const DEMO_FIXTURE_DIR = resolvePackagePath(
  '@snyk-gitlab/stand-ins',
  'fixtures/demo',
);

/** Snyk's published OpenAPI documents, reduced to what we touch (see its README). */
export const SNYK_CONTRACTS_DIR = resolvePackagePath(
  '@snyk-gitlab/stand-ins',
  'contracts/snyk',
);
