/**
 * Local HTTP stand-ins of the GitLab and Snyk APIs for tests, benchmarks and the demo.
 *
 * @packageDocumentation
 */
import path from 'node:path';

export { startStandIns } from './server';
export type { StandIns, StandInsOptions } from './server';
export { Faults } from './faults';
export type { Fault, RecordedRequest, Service } from './faults';
export { createWorld, loadWorld } from './world';
export type * from './world';
export { issueCountsFor } from './snyk';

/** The fixture directory the demo portal serves. */
export const DEMO_FIXTURE_DIR = path.resolve(__dirname, '../fixtures/demo');
