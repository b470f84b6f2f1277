/* eslint-disable no-console */
// The platform engineer's inventory table at 100,000 repositories, on SQLite
// and PostgreSQL: p50/p99 of `GET /inventory` per filter and sort, measured
// at the store (InventoryQueries.page) and over HTTP (the plugin's route, on
// loopback, one request at a time), plus the streamed CSV export.
//   ./run bench   (or: node --expose-gc --require @backstage/cli/config/nodeTransform.cjs
//                  plugins/snyk-gitlab-backend/bench/inventoryQuery.ts;
//                  BENCH_REPOSITORIES and BENCH_RUNS change the sizes)
import { mockCredentials } from '@backstage/backend-test-utils';
import { SnykTarget } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { orgIdFor } from '../src/bulk/createInventoryServices';
import { DatabaseSnykGitlabStore } from '../src/database/DatabaseSnykGitlabStore';
import { InventoryColumns } from '../src/database/inventoryColumns';
import {
  InventoryQueries,
  InventorySelection,
} from '../src/database/inventoryQuery';
import { StoredRepository } from '../src/database/SnykGitlabStore';
import { saveInventory } from '../src/__testUtils__/inventory';
import { startBenchBackend } from './backend';
import { benchDatabases } from './databases';
import { createWorld, startStandIns } from './world';

const REPOSITORIES = Number(process.env.BENCH_REPOSITORIES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARM_UP = 3;
const ORG = 'bench-org';

/** The cases: a query string of `GET /inventory` each. */
const CASES: Array<[string, string]> = [
  ['all, by path', ''],
  ['no_catalog_file', 'filter=no_catalog_file'],
  ['catalog_problems', 'filter=catalog_problems'],
  ['not_imported', 'filter=not_imported'],
  ['critical_issues', 'filter=critical_issues'],
  [
    'all four filters',
    'filter=no_catalog_file,catalog_problems,not_imported,critical_issues',
  ],
  ['q (path substring)', 'q=project-4242'],
  ['by owner', 'sort=owner'],
  ['by critical, desc', 'sort=critical&order=desc'],
  [
    'not_imported, by entity, desc',
    'filter=not_imported&sort=entity&order=desc',
  ],
  [`last page (offset ${REPOSITORIES - 50})`, `offset=${REPOSITORIES - 50}`],
];

function selectionOf(query: string): {
  selection: InventorySelection;
  offset: number;
  limit: number;
} {
  const params = new URLSearchParams(query);
  return {
    selection: {
      filter: (params.get('filter')?.split(',') ??
        []) as InventorySelection['filter'],
      q: params.get('q') ?? undefined,
      sort: (params.get('sort') ?? 'path') as InventorySelection['sort'],
      order: (params.get('order') ?? 'asc') as InventorySelection['order'],
    },
    offset: Number(params.get('offset') ?? 0),
    limit: Number(params.get('limit') ?? 50),
  };
}

function percentiles(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
    ];
  return { p50: at(50), p99: at(99) };
}

async function time(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return percentiles(ms);
}

/**
 * 100,000 repositories in 97 groups as a sync writes them: every 5th without
 * a catalog file, every 7th file with problems, 40 owners and 12 systems;
 * every 3rd repository is a Snyk target with issue counts.
 */
async function seed(knex: Knex, host: string) {
  const store = await DatabaseSnykGitlabStore.create(
    { getClient: async () => knex, migrations: { skip: true } },
    new InventoryColumns(
      orgIdFor([{ orgId: ORG, gitlabHost: host, gitlabGroups: [] }]),
    ),
  );
  const group = (await store.getGroupIntegration(host))!;
  const repositories: StoredRepository[] = Array.from(
    { length: REPOSITORIES },
    (_, i) => {
      const present = i % 5 !== 0;
      return {
        host,
        projectId: i + 1,
        path: `group${i % 97}/project-${i}`,
        defaultBranch: 'main',
        webUrl: `https://${host}/group${i % 97}/project-${i}`,
        catalogFingerprint: 'bench',
        catalogFile: {
          filename: 'catalog-info.yaml',
          present,
          attributes: present
            ? { owner: `team-${i % 40}`, application: `system-${i % 12}` }
            : {},
          problems: present && i % 7 === 0 ? ['spec.type is missing'] : [],
        },
        entityRefs: present ? [`component:default/project-${i}`] : [],
        syncedAt: '2026-12-01T00:00:00Z',
      };
    },
  );
  let start = performance.now();
  await saveInventory(store, host, repositories, {
    lastSyncAt: '2026-12-01T00:00:00Z',
    settingsUpdatedAt: group.updatedAt,
  });
  const saveMs = performance.now() - start;
  const targets: SnykTarget[] = repositories
    .filter((_, i) => i % 3 === 0)
    .map(r => {
      const issueCounts = {
        critical: r.projectId % 4 === 0 ? 1 : 0,
        high: r.projectId % 6,
        medium: r.projectId % 9,
        low: r.projectId % 13,
      };
      return {
        orgId: ORG,
        targetId: `target-${r.projectId}`,
        displayName: r.path,
        projects: [
          {
            id: `project-${r.projectId}`,
            name: `${r.path}:package.json`,
            url: 'https://app.snyk.io/org/x/project/y',
            issueCounts,
          },
        ],
        issueCounts,
      };
    });
  start = performance.now();
  await store.replaceTargets(ORG, targets);
  const targetsMs = performance.now() - start;
  if (knex.client.config.client === 'pg') {
    await knex.raw('VACUUM ANALYZE');
    await knex.raw('CHECKPOINT');
  } else {
    await knex.raw('ANALYZE');
  }
  (globalThis as { gc?: () => void }).gc?.();
  return { saveMs, targetsMs, targets: targets.length };
}

async function main() {
  const world = createWorld(10);
  const standIns = await startStandIns({ world });
  const host = new URL(standIns.gitlabUrl).host;
  const auth = mockCredentials.user.header();
  const rows: string[] = [];

  for (const [name, makeKnex] of benchDatabases()) {
    const knex = await makeKnex();
    const { backend, base } = await startBenchBackend({
      knex,
      standIns,
      orgId: ORG,
      auth,
    });
    // Store timings run between HTTP ones: keep the idle connection open.
    backend.server.keepAliveTimeout = 10 * 60_000;
    const seeded = await seed(knex, host);
    console.log(
      `${name}: ${REPOSITORIES} repositories saved in ${Math.round(
        seeded.saveMs,
      )} ms (org and target columns kept per batch); ${
        seeded.targets
      } targets replaced, the columns of every repository of the org refreshed, in ${Math.round(
        seeded.targetsMs,
      )} ms`,
    );
    const queries = new InventoryQueries(knex);
    const get = async (query: string) => {
      const res = await fetch(`${base}/inventory?${query}`, {
        headers: { Authorization: auth },
      });
      if (res.status !== 200) throw new Error(`${query}: ${res.status}`);
      return res.json();
    };
    for (const [label, query] of CASES) {
      const { selection, offset, limit } = selectionOf(query);
      const store = await time(RUNS, () =>
        queries.page(selection, offset, limit),
      );
      const overHttp = await time(RUNS, () => get(query));
      const { totalCount, items } = await get(query);
      rows.push(
        [
          name,
          label,
          totalCount,
          items.length,
          store.p50.toFixed(1),
          store.p99.toFixed(1),
          overHttp.p50.toFixed(1),
          overHttp.p99.toFixed(1),
        ].join(' | '),
      );
    }
    // The whole inventory as CSV, streamed: time and peak memory.
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const start = performance.now();
    const res = await fetch(`${base}/inventory/export.csv`, {
      headers: { Authorization: auth },
    });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (const b of chunk) if (b === 10) lines += 1;
    }
    clearInterval(sampler);
    console.log(
      `${name}: CSV export of ${lines - 1} rows (${(bytes / 1e6).toFixed(
        1,
      )} MB) in ${Math.round(performance.now() - start)} ms; RSS grew ${(
        (peak - rssBefore) /
        1e6
      ).toFixed(0)} MB at most (server and client in one process)`,
    );
    await backend.stop();
    await knex.destroy();
  }
  await standIns.close();

  console.log(
    `\nGET /inventory over ${REPOSITORIES} repositories, ${RUNS} runs each after ${WARM_UP} warm-up runs, one at a time; page size 50`,
  );
  console.log(
    'store: InventoryQueries.page (the page and the count); http: the route on loopback with mock user credentials\n',
  );
  console.log(
    'database | case | matches | rows | store p50 ms | store p99 ms | http p50 ms | http p99 ms',
  );
  console.log('--- | --- | ---: | ---: | ---: | ---: | ---: | ---:');
  for (const row of rows) console.log(row);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
