import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';

/** What this process spent and what held up its event loop while measured. */
export interface Stalls {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gcPauses: number;
  gcMaxMs: number;
  /** CPU time of the whole process (user + system), all threads. */
  cpuMs: number;
}

/** Runs `fn` while watching this process's event loop delay, GC pauses and CPU time. */
export async function watchStalls<T>(
  fn: () => Promise<T>,
): Promise<[T, Stalls]> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const pauses: number[] = [];
  const gc = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  loop.enable();
  const cpu = process.cpuUsage();
  try {
    const result = await fn();
    const used = process.cpuUsage(cpu);
    return [
      result,
      {
        loopDelayP99Ms: loop.percentile(99) / 1e6,
        loopDelayMaxMs: loop.max / 1e6,
        gcPauses: pauses.length,
        gcMaxMs: Math.max(0, ...pauses),
        cpuMs: (used.user + used.system) / 1000,
      },
    ];
  } finally {
    loop.disable();
    gc.disconnect();
  }
}
