/* eslint-disable no-console */
// The entity status endpoint under load (open-loop, on loopback, bounded), on
// SQLite and PostgreSQL, in rounds that alternate with two floors (an empty
// Node server, a Backstage plugin route without a database) so all three meet
// the same machine; compared with the naive approach of a live Snyk API
// round-trip chain per page view (the community Snyk plugin's calls).
//   ./run bench   (or: node --require @backstage/cli/config/nodeTransform.cjs bench/statusLoad.ts)
import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { DatabaseSnykGitlabStore } from '../src/database/DatabaseSnykGitlabStore';
import { StoredRepository } from '../src/database/SnykGitlabStore';
import { saveInventory } from '../src/__testUtils__/inventory';
import { startBenchBackend } from './backend';
import { startBackstageFloor } from './backstageFloor';
import { Stalls, watchStalls } from './stalls';
import { benchDatabases } from './databases';
import { BENCH_SNYK_TOKEN, createWorld, startStandIns } from './world';

const RATES = (process.env.BENCH_RATES ?? '200,500').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REPOSITORIES = Number(process.env.BENCH_REPOSITORIES ?? 100_000);
const WARM_UP_SECONDS = 3;
const SNYK_LATENCY_MS = 100;
const SLUG = 'group3/project-4';
/** The repository every request asks for: one in the middle of the inventory. */
const MIDDLE = Math.floor(REPOSITORIES / 2);
const LOOKUP = `Group${MIDDLE % 97}/Project-${MIDDLE}`;

interface Load {
  p50: number;
  p99: number;
  max: number;
  rps: number;
  errors: number;
  /** The serving process (this one) while measured. */
  stalls: Stalls;
}

/** The load generator runs in its own process, so it does not share the server's event loop. */
async function load(
  url: string,
  rate: number,
  headers: Record<string, string> = {},
): Promise<Load> {
  const run = async (seconds: number) => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(__dirname, 'loadgen.js'),
      url,
      String(rate),
      String(seconds),
      JSON.stringify(headers),
    ]);
    return JSON.parse(stdout) as Omit<Load, 'stalls'>;
  };
  await run(WARM_UP_SECONDS); // connection pools, caches and JIT warm up; not counted
  const [measured, stalls] = await watchStalls(() => run(SECONDS));
  return { ...measured, stalls };
}

/** Each case's runs at one rate, to report their medians. */
class Results {
  private readonly runs = new Map<string, Load[]>();

  add(label: string, rate: number, run: Load) {
    const key = `${label}, ${rate} rps`;
    this.runs.set(key, [...(this.runs.get(key) ?? []), run]);
  }

  get(label: string, rate: number) {
    return this.runs.get(`${label}, ${rate} rps`) ?? [];
  }

  entries() {
    return [...this.runs];
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
};

/**
 * The naive way: each page view makes the community Snyk plugin's calls for
 * an entity with `snyk.io/org-id` and `snyk.io/target-id` (as our catalog
 * module writes them): the target's projects, the org (for its slug), then
 * for each project its issues (every page), its dependency graph when it has
 * package issues, and its v1 details; one after the other, as the plugin.
 */
function naiveServer(snykUrl: string, orgId: string, targetId: string) {
  const headers = {
    Authorization: `token ${BENCH_SNYK_TOKEN}`,
    'Content-Type': 'application/vnd.api+json',
  };
  const get = async (pathAndQuery: string) => {
    const res = await fetch(`${snykUrl}${pathAndQuery}`, { headers });
    if (!res.ok) throw new Error(`${res.status} from ${pathAndQuery}`);
    return res.json();
  };
  return http.createServer(async (_req, res) => {
    try {
      const projects = await get(
        `/rest/orgs/${orgId}/projects?target_id=${targetId}&limit=100&version=2024-02-28`,
      );
      const org = await get(`/rest/orgs/${orgId}?version=2024-02-28`);
      const tabs: unknown[] = [];
      for (const project of projects.data) {
        const issues: Array<{ attributes: { type: string } }> = [];
        // links.next is appended to the base, as the plugin does.
        let next:
          | string
          | undefined = `/rest/orgs/${orgId}/issues?version=2024-01-23&scan_item.id=${project.id}&scan_item.type=project&limit=100`;
        while (next) {
          const page = await get(next);
          issues.push(...page.data);
          next = page.links?.next;
        }
        const depGraph = issues.some(
          i => i.attributes.type === 'package_vulnerability',
        )
          ? await get(`/v1/org/${orgId}/project/${project.id}/dep-graph`)
          : undefined;
        const details = await get(`/v1/org/${orgId}/project/${project.id}`);
        tabs.push({ details, issues, depGraph });
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ slug: org.data.attributes.slug, tabs }));
    } catch (error) {
      res.writeHead(502);
      res.end(String(error));
    }
  });
}

/** The inventory and Snyk targets at full size, written as a sync would. */
async function seed(knex: Knex, host: string, orgId: string) {
  const store = await DatabaseSnykGitlabStore.create({
    getClient: async () => knex,
    migrations: { skip: true },
  });
  const group = await store.getGroupIntegration(host);
  const repositories: StoredRepository[] = Array.from(
    { length: REPOSITORIES },
    (_, i) => ({
      host,
      projectId: i + 1,
      path: `Group${i % 97}/Project-${i}`,
      defaultBranch: 'main',
      webUrl: `https://${host}/group${i % 97}/project-${i}`,
      lastActivityAt: '2026-11-01T00:00:00Z',
      catalogFingerprint: 'bench',
      catalogFile: {
        filename: 'catalog-info.yaml',
        present: true,
        attributes: { owner: `team-${i % 40}` },
        problems: [],
      },
      entityRefs: [`component:default/project-${i}`],
      syncedAt: '2026-11-01T00:00:00Z',
    }),
  );
  await saveInventory(store, host, repositories, {
    lastSyncAt: '2026-11-01T00:00:00Z',
    settingsUpdatedAt: group!.updatedAt,
  });
  await store.replaceTargets(
    orgId,
    repositories.map(r => ({
      orgId,
      targetId: `target-${r.projectId}`,
      displayName: r.path,
      projects: [
        {
          id: `project-${r.projectId}`,
          name: `${r.path}:package.json`,
          url: `https://app.snyk.io/org/x/project/project-${r.projectId}`,
          issueCounts: { critical: 1, high: 2, medium: 3, low: 4 },
        },
      ],
      issueCounts: { critical: 1, high: 2, medium: 3, low: 4 },
    })),
  );
  // A settled database, as after long use: no autovacuum or checkpoint of the
  // seed during the measurement, and the seed's garbage collected.
  if (knex.client.config.client === 'pg') {
    await knex.raw('VACUUM ANALYZE');
    await knex.raw('CHECKPOINT');
  }
  (globalThis as { gc?: () => void }).gc?.();
}

async function listen(server: http.Server) {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const FLOOR = 'floor: empty Node HTTP server';
const BACKSTAGE_FLOOR =
  'Backstage floor: plugin route reading credentials, no database';
const NAIVE = "naive chain (community plugin's calls), Snyk on loopback";
const NAIVE_SLOW = `naive chain, Snyk +${SNYK_LATENCY_MS} ms each call`;

async function main() {
  const world = createWorld(300);
  const standIns = await startStandIns({ world });
  const host = new URL(standIns.gitlabUrl).host;
  const orgId = world.snyk.orgs[0].id;
  const results = new Results();
  const auth = { Authorization: mockCredentials.user.header() };
  const floor = http.createServer((_req, res) => res.end('{}'));
  const floorUrl = await listen(floor);
  const backstageFloor = await startBackstageFloor();
  const databases: string[] = [];

  for (const [name, makeKnex] of benchDatabases()) {
    databases.push(name);
    const knex = await makeKnex();
    const { backend, base } = await startBenchBackend({
      knex,
      standIns,
      orgId,
      auth: auth.Authorization,
    });
    const seeded = Date.now();
    await seed(knex, host, orgId);
    console.log(
      `${name}: ${REPOSITORIES} repositories and targets written in ${
        Date.now() - seeded
      } ms`,
    );
    const url = `${base}/entity-status?projectSlug=${encodeURIComponent(
      LOOKUP.toLowerCase(),
    )}`;
    const answer = await fetch(url, { headers: auth });
    if (!answer.ok) throw new Error(`entity status: ${answer.status}`);
    const check = { body: await answer.json() };
    if (!check.body.target)
      throw new Error(
        `the benchmark entity has no Snyk target: ${JSON.stringify({
          ...check.body,
          group: undefined,
        }).slice(0, 600)}`,
      );
    // The floors run in the same rounds, next to each database's.
    for (const rate of RATES) {
      for (let round = 0; round < ROUNDS; round++) {
        results.add(
          `${FLOOR} (${name} rounds)`,
          rate,
          await load(floorUrl, rate),
        );
        results.add(
          `${BACKSTAGE_FLOOR} (${name} rounds)`,
          rate,
          await load(backstageFloor.url, rate, auth),
        );
        results.add(`ours, ${name}`, rate, await load(url, rate, auth));
      }
    }
    await backend.stop();
    await knex.destroy();
  }
  await backstageFloor.backend.stop();
  floor.close();

  const target = world.snyk.orgs[0].targets.find(t => t.displayName === SLUG);
  if (!target) throw new Error(`the bench world has no Snyk target ${SLUG}`);
  const naive = naiveServer(standIns.snykUrl, orgId, target.id);
  const naiveUrl = await listen(naive);
  // One page view, to count its Snyk calls.
  const before = standIns.faults.count('snyk');
  const probe = await fetch(naiveUrl);
  if (!probe.ok)
    throw new Error(`the naive chain failed: ${await probe.text()}`);
  const naiveCalls = standIns.faults.count('snyk') - before;
  console.log(
    `naive chain (the community plugin's calls): ${naiveCalls} Snyk calls per page view`,
  );
  results.add(NAIVE, RATES[0], await load(naiveUrl, RATES[0]));
  standIns.faults.add({ service: 'snyk', delayMs: SNYK_LATENCY_MS });
  results.add(NAIVE_SLOW, RATES[0], await load(naiveUrl, RATES[0]));
  naive.close();
  await standIns.close();

  console.log(
    `\nEntity status under load over ${REPOSITORIES} repositories: ${RATES.join(
      ' and ',
    )} rps offered for ${SECONDS} s each after ${WARM_UP_SECONDS} s of warm-up, on loopback, in ${ROUNDS} rounds (empty floor, Backstage floor, ours) per database and rate (goal: p99 ≤ 3× the floor at 500 rps)`,
  );
  console.log(
    'latency counts from each request\u2019s scheduled start; the load generator runs in its own process; figures are the median over the rounds',
  );
  console.log(
    'auth: mock user credentials (token signature checks are not in the figures); lookup by project slug with the read permission (no catalog call)\n',
  );
  console.log(
    'case | p50 ms | p99 ms | p99 each round | max ms | req/s | errors | server loop delay p99 / max ms | GC pauses (longest ms) | server CPU per request µs',
  );
  console.log(
    '--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:',
  );
  for (const [label, runs] of results.entries()) {
    const m = (f: (r: Load) => number, digits = 1) =>
      median(runs.map(f)).toFixed(digits);
    console.log(
      [
        label,
        m(r => r.p50),
        m(r => r.p99),
        runs.map(r => r.p99.toFixed(1)).join(' / '),
        m(r => r.max),
        m(r => r.rps, 0),
        runs.reduce((n, r) => n + r.errors, 0),
        `${m(r => r.stalls.loopDelayP99Ms)} / ${m(
          r => r.stalls.loopDelayMaxMs,
        )}`,
        `${m(r => r.stalls.gcPauses, 0)} (${m(r => r.stalls.gcMaxMs)})`,
        m(r => (r.stalls.cpuMs * 1000) / (r.rps * SECONDS), 0),
      ].join(' | '),
    );
  }
  const p99 = (label: string, rate: number) =>
    median(results.get(label, rate).map(r => r.p99));
  for (const name of databases) {
    for (const rate of RATES) {
      const ours = p99(`ours, ${name}`, rate);
      const floorP99 = p99(`${FLOOR} (${name} rounds)`, rate);
      const backstage = p99(`${BACKSTAGE_FLOOR} (${name} rounds)`, rate);
      console.log(
        `ours, ${name}, ${rate} rps: p99 ${(ours / floorP99).toFixed(
          1,
        )}× the empty floor's, ${(ours / backstage).toFixed(
          1,
        )}× the Backstage floor's (medians of the same rounds)`,
      );
    }
  }
  const oursRuns = results.get(`ours, ${databases[0]}`, RATES[0]);
  const oursP50 = median(oursRuns.map(r => r.p50));
  const oursP99 = median(oursRuns.map(r => r.p99));
  for (const label of [NAIVE, NAIVE_SLOW]) {
    const [r] = results.get(label, RATES[0]);
    console.log(
      `${label}, ${RATES[0]} rps vs ours (${databases[0]}): p50 ${(
        r.p50 / Math.max(oursP50, 0.01)
      ).toFixed(1)}×, p99 ${(r.p99 / Math.max(oursP99, 0.01)).toFixed(
        1,
      )}× as slow; ${naiveCalls} Snyk calls per view vs 0`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
