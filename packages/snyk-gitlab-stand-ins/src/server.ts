import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Faults, RateLimit } from './faults';
import { createGitlabApp } from './gitlab';
import { createSnykApp } from './snyk';
import { World, createWorld, loadWorld } from './world';

export interface StandInsOptions {
  /** A fixture directory (world.yaml + repos/) or a world built in code. */
  fixtureDir?: string;
  world?: World;
  /** 0 (default) picks free ports. */
  gitlabPort?: number;
  snykPort?: number;
  host?: string;
  /**
   * Snyk's per-token rate limit (REST: 1,620 requests a minute), off by
   * default; `faults.rateLimit('snyk', …)` turns it on or off later.
   */
  snykRateLimit?: Omit<RateLimit, 'service'>;
}

export interface StandIns {
  world: World;
  faults: Faults;
  /** e.g. http://127.0.0.1:40123 — the GitLab API is under /api/v4. */
  gitlabUrl: string;
  /** e.g. http://127.0.0.1:40124 — v1 under /v1, REST under /rest. */
  snykUrl: string;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

function close(server: http.Server) {
  return new Promise<void>(resolve => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Starts the GitLab and Snyk stand-ins on loopback. */
export async function startStandIns(
  options: StandInsOptions = {},
): Promise<StandIns> {
  const world =
    options.world ??
    (options.fixtureDir ? loadWorld(options.fixtureDir) : createWorld());
  const host = options.host ?? '127.0.0.1';
  const faults = new Faults();
  if (options.snykRateLimit) faults.rateLimit('snyk', options.snykRateLimit);
  let gitlabUrl = '';
  let snykUrl = '';
  const gitlab = http.createServer(
    createGitlabApp(world, faults, () => gitlabUrl),
  );
  const snyk = http.createServer(createSnykApp(world, faults, () => gitlabUrl));
  gitlabUrl = `http://${host}:${await listen(
    gitlab,
    options.gitlabPort ?? 0,
    host,
  )}`;
  snykUrl = `http://${host}:${await listen(snyk, options.snykPort ?? 0, host)}`;
  return {
    world,
    faults,
    gitlabUrl,
    snykUrl,
    close: async () => {
      await Promise.all([close(gitlab), close(snyk)]);
    },
  };
}
