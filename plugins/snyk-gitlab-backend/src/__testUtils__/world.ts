import { RetryOptions } from '../clients/http';

export {
  CANARY_PAT,
  CANARY_SNYK_TOKEN,
  ORG_ID,
  catalogFile,
  project,
  testConfig,
  testWorld,
} from '@internal/snyk-gitlab-stand-ins';

/** Retries without real waiting: delays are recorded instead of slept. */
export function fastRetry(overrides: Partial<RetryOptions> = {}) {
  const delays: number[] = [];
  const retry: RetryOptions = {
    retries: 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    maxRetryAfterMs: 10_000,
    timeoutMs: 2000,
    sleep: async ms => {
      delays.push(ms);
    },
    ...overrides,
  };
  return { retry, delays };
}
