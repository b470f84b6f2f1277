import { RetryOptions } from '../clients/http';

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
