/* eslint-disable no-console */
// The entity status endpoint under load (open-loop, on loopback, bounded), on
// SQLite and PostgreSQL, compared with the naive approach of a live Snyk API
// round-trip chain per page view (what the community Snyk plugin does).
//   ./run bench   (or: node --require @backstage/cli/config/nodeTransform.cjs bench/statusLoad.ts)
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { snykGitlabPlugin } from '../src/plugin';
import { benchDatabases } from './databases';
import {
  BENCH_PAT,
  BENCH_SNYK_TOKEN,
  createWorld,
  startStandIns,
} from './world';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 3;
const SNYK_LATENCY_MS = 100;
const SLUG = 'group3/project-4';

interface Load {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

/** The load generator runs in its own process, so it does not share the server's event loop. */
async function load(
  url: string,
  headers: Record<string, string> = {},
): Promise<Load> {
  const run = async (seconds: number) => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(__dirname, 'loadgen.js'),
      url,
      String(RATE),
      String(seconds),
      JSON.stringify(headers),
    ]);
    return JSON.parse(stdout) as Load;
  };
  await run(WARM_UP_SECONDS); // connection pools, caches and JIT warm up; not counted
  return run(SECONDS);
}

/** The naive way: each page view asks Snyk for the target, then its projects with counts. */
function naiveServer(snykUrl: string, orgId: string) {
  const headers = {
    Authorization: `token ${BENCH_SNYK_TOKEN}`,
    Accept: 'application/vnd.api+json',
  };
  return http.createServer(async (_req, res) => {
    try {
      const targets = await (
        await fetch(
          `${snykUrl}/rest/orgs/${orgId}/targets?version=2024-10-15&display_name=${encodeURIComponent(
            SLUG,
          )}`,
          { headers },
        )
      ).json();
      const target = targets.data[0];
      const projects = await (
        await fetch(
          `${snykUrl}/rest/orgs/${orgId}/projects?version=2024-10-15&target_id=${target.id}&meta.latest_issue_counts=true`,
          { headers },
        )
      ).json();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ target, projects: projects.data }));
    } catch (error) {
      res.writeHead(502);
      res.end(String(error));
    }
  });
}

async function listen(server: http.Server) {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main() {
  const world = createWorld(300);
  const standIns = await startStandIns({ world });
  const host = new URL(standIns.gitlabUrl).host;
  const orgId = world.snyk.orgs[0].id;
  const rows: Array<[string, Load]> = [];
  const auth = { Authorization: mockCredentials.user.header() };

  for (const [name, makeKnex] of benchDatabases()) {
    const knex = await makeKnex();
    const backend = await startTestBackend({
      features: [
        snykGitlabPlugin,
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              gitlab: [
                {
                  host,
                  apiBaseUrl: `${standIns.gitlabUrl}/api/v4`,
                  baseUrl: standIns.gitlabUrl,
                  token: BENCH_PAT,
                },
              ],
            },
            snykGitlab: {
              snyk: {
                apiBaseUrl: standIns.snykUrl,
                token: BENCH_SNYK_TOKEN,
                orgs: [{ orgId, gitlabHost: host }],
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootLogger.factory({ level: 'error' }),
      ],
    });
    const api = request(backend.server);
    await api
      .put('/api/snyk-gitlab/integrations/group')
      .set(auth)
      .send({ profileName: 'bench', host })
      .expect(200);
    await api.post('/api/snyk-gitlab/sync').set(auth).expect(202);
    await api
      .put(`/api/snyk-gitlab/integrations/orgs/${orgId}`)
      .set(auth)
      .expect(200);
    const url = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/snyk-gitlab/entity-status?projectSlug=${encodeURIComponent(SLUG)}`;
    const check = await api
      .get(new URL(url).pathname + new URL(url).search)
      .set(auth)
      .expect(200);
    if (!check.body.target)
      throw new Error('the benchmark entity has no Snyk target');
    rows.push([`ours, ${name}`, await load(url, auth)]);
    await backend.stop();
    await knex.destroy();
  }

  const naive = naiveServer(standIns.snykUrl, orgId);
  const naiveUrl = await listen(naive);
  rows.push(['naive chain, Snyk on loopback', await load(naiveUrl)]);
  standIns.faults.add({ service: 'snyk', delayMs: SNYK_LATENCY_MS });
  rows.push([
    `naive chain, Snyk +${SNYK_LATENCY_MS} ms each call`,
    await load(naiveUrl),
  ]);
  naive.close();
  const floor = http.createServer((_req, res) => res.end('{}'));
  rows.push(['floor: empty Node HTTP server', await load(await listen(floor))]);
  floor.close();
  await standIns.close();

  console.log(
    `Entity status under load: ${RATE} rps offered for ${SECONDS} s after ${WARM_UP_SECONDS} s of warm-up, on loopback (goal: p99 ≤ 20 ms at 200 rps)`,
  );
  console.log(
    'latency counts from each request\u2019s scheduled start; the load generator runs in its own process',
  );
  console.log(
    'auth: mock user credentials (token signature checks are not in the figures)\n',
  );
  console.log('case | p50 ms | p99 ms | req/s | errors');
  console.log('--- | ---: | ---: | ---: | ---:');
  for (const [label, r] of rows) {
    console.log(
      [
        label,
        r.p50.toFixed(1),
        r.p99.toFixed(1),
        r.rps.toFixed(0),
        r.errors,
      ].join(' | '),
    );
  }
  const ours = rows[0][1];
  for (const [label, r] of rows.filter(([l]) => l.startsWith('naive'))) {
    console.log(
      `\n${label} vs ours (SQLite): p50 ${(
        r.p50 / Math.max(ours.p50, 0.01)
      ).toFixed(1)}×, p99 ${(r.p99 / Math.max(ours.p99, 0.01)).toFixed(
        1,
      )}× as slow; 2 Snyk calls per view vs 0`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
