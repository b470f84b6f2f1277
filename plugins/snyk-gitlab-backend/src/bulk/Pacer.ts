import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, or rejects at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(Math.max(0, ms), undefined, { signal });
}

/**
 * Spaces calls evenly to stay under a per-minute budget (no bursts, so no
 * window of a minute ever holds more), and waits while the service rate
 * limits us (`pausedUntil`, e.g. the Snyk client's `rateLimitedUntil`).
 */
export class Pacer {
  private next = 0;
  readonly intervalMs: number;

  constructor(
    perMinute: number,
    private readonly pausedUntil: () => Date | undefined = () => undefined,
  ) {
    this.intervalMs = 60_000 / perMinute;
  }

  /** Resolves when the caller may make one call. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const paused = this.pausedUntil()?.getTime() ?? 0;
      const slot = Math.max(Date.now(), this.next, paused);
      this.next = slot + this.intervalMs;
      await sleep(slot - Date.now(), signal);
      // A 429 while we waited: wait for its end, then for a slot again.
      if (!this.pausedUntil()) return;
    }
  }
}
