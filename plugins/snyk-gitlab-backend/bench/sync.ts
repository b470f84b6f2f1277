/* eslint-disable no-console */
// GitLab sync at 10,000 and 100,000 projects (a third with catalog files)
// against the local stand-ins, per approach: GitLab calls, minutes under
// GitLab.com's rate limits, wall time, peak RSS; then a steady-state sync
// after 1% of the projects edited their catalog file without moving
// last_activity_at (as GitLab's hourly throttle does), and how many edits
// the sync missed. At 10,000 every project is a Snyk target of a saved org
// (Snyk calls: its targets refresh); at 100,000 the GitLab sync runs alone.
//   ./run bench   (BENCH_PROJECTS=10000 BENCH_LARGE=100000 to change sizes;
//                  BENCH_SIZES=small or large for one size per process)
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { catalogFile, editFile } from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { createServices } from '../src/service/createServices';
import { benchDatabases } from './databases';
import { benchConfig, createWorld, startStandIns } from './world';

const N = Number(process.env.BENCH_PROJECTS ?? 10_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
/** `small` or `large` runs one size only, in a process of its own (RSS). */
const SIZES = process.env.BENCH_SIZES ?? 'small,large';
const silent: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silent,
};

type Approach =
  | 'graphql (gitlab scoring)'
  | 'graphql (strict scoring)'
  | 'rest';

/** GitLab.com limits per minute (docs, "Rate limits on GitLab.com"). */
const LIMITS = { all: 2000, groupProjects: 600, files: 500 };

/** Minutes the calls take at least under GitLab.com's limits, each bound on its own. */
function minutesUnderLimits(calls: {
  all: number;
  groupProjects: number;
  files: number;
}) {
  return Math.max(
    calls.all / LIMITS.all,
    calls.groupProjects / LIMITS.groupProjects,
    calls.files / LIMITS.files,
  );
}

async function run(
  n: number,
  approach: Approach,
  databaseName: string,
  makeKnex: () => Promise<Knex>,
) {
  // At the large size the GitLab sync alone is measured: no Snyk org.
  const withSnyk = n === N;
  const world = createWorld(n, { allImported: withSnyk });
  world.gitlab.graphql.enabled = approach !== 'rest';
  world.gitlab.graphql.complexity = approach.includes('strict')
    ? 'strict'
    : 'gitlab';
  const standIns = await startStandIns({ world });
  const knex = await makeKnex();
  const host = new URL(standIns.gitlabUrl).host;
  const config = new ConfigReader(benchConfig(standIns, world.snyk.orgs[0].id));
  const { store, integrationService, orgService, sync } = await createServices({
    config,
    database: { getClient: async () => knex },
    logger: silent,
  });
  await integrationService.saveGroup(
    {
      profileName: 'bench',
      host,
      catalog: { enabled: true, attributes: { owner: ['spec.owner'] } },
    },
    'bench',
  );
  if (withSnyk) await orgService.save(world.snyk.orgs[0].id, 'bench');

  const measure = async (label: string) => {
    standIns.faults.requests.length = 0;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const start = performance.now();
    const result = await sync.run();
    const ms = performance.now() - start;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const gitlab = standIns.faults.requests.filter(r => r.service === 'gitlab');
    const count = (re: RegExp) => gitlab.filter(r => re.test(r.path)).length;
    const calls = {
      all: gitlab.length,
      groupProjects: count(/\/groups\/[^/]+\/projects$/),
      files: count(/\/repository\/files\//),
    };
    return {
      label,
      result,
      ms,
      calls,
      graphql: count(/\/api\/graphql$/),
      minutes: minutesUnderLimits(calls),
      snyk: standIns.faults.requests.filter(r => r.service === 'snyk').length,
      rssBeforeMb: rssBefore / 1024 / 1024,
      peakMb: peak / 1024 / 1024,
    };
  };

  const first = await measure('first sync');
  // 1% of the projects edit their catalog file; last_activity_at stays.
  const withFiles = world.gitlab.projects.filter(
    p => p.files['catalog-info.yaml'],
  );
  const edited = withFiles.slice(0, Math.ceil(n / 100));
  for (const p of edited) {
    editFile(
      p,
      'catalog-info.yaml',
      catalogFile(`p${p.id}`, { owner: `edited-${p.id}` }),
    );
  }
  const second = await measure(`steady, ${edited.length} edited`);
  let missed = 0;
  for (const p of edited) {
    const stored = await store.findRepository({ host, projectId: p.id });
    if (stored?.catalogFile.attributes.owner !== `edited-${p.id}`) missed += 1;
  }
  const stored = await store.countRepositories(host);
  await knex.destroy();
  await standIns.close();
  return { rows: [first, second], missed, stored, databaseName };
}

/** Backstage's GitLab discovery: a listing, then a HEAD per project, then a read per file found. */
function backstageModel(n: number) {
  const withFiles = Math.ceil(n / 3);
  const listing = Math.ceil(n / 100);
  const files = n + withFiles;
  return {
    first: { all: 1 + listing + files, groupProjects: listing, files },
    steady: { all: 1 + listing + n, groupProjects: listing, files: n },
  };
}

async function main() {
  console.log(
    `GitLab sync per approach (projects in 50 groups, a third with catalog files); steady state after 1% edited their file without moving last_activity_at. Minutes: the least time GitLab.com's limits allow (${LIMITS.all}/min API, ${LIMITS.groupProjects}/min group projects, ${LIMITS.files}/min files API).\n`,
  );
  console.log(
    'projects | database | approach | run | GitLab calls | of them GraphQL | min at GitLab.com limits | Snyk calls | wall ms | RSS before MB | peak RSS MB | edits missed',
  );
  console.log(
    '---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:',
  );
  const plan: Array<[number, Approach, boolean]> = [
    [N, 'graphql (gitlab scoring)', true],
    [N, 'graphql (strict scoring)', true],
    [N, 'rest', true],
    [LARGE, 'graphql (gitlab scoring)', false],
    [LARGE, 'graphql (strict scoring)', false],
  ];
  const databases = benchDatabases();
  const sizes = [N, LARGE].filter((_, i) =>
    SIZES.includes(i === 0 ? 'small' : 'large'),
  );
  for (const [n, approach, everyDatabase] of plan) {
    if (!sizes.includes(n)) continue;
    for (const [name, makeKnex] of everyDatabase
      ? databases
      : databases.slice(-1)) {
      const { rows, missed, stored } = await run(n, approach, name, makeKnex);
      for (const r of rows) {
        console.log(
          [
            n,
            name,
            approach,
            r.label,
            r.calls.all,
            r.graphql,
            r.minutes.toFixed(1),
            r.snyk,
            r.ms.toFixed(0),
            r.rssBeforeMb.toFixed(0),
            r.peakMb.toFixed(0),
            r.label.startsWith('steady') ? missed : '',
          ].join(' | '),
        );
      }
      if (stored !== n) console.log(`!! ${stored} of ${n} stored`);
    }
  }
  for (const n of sizes) {
    const model = backstageModel(n);
    for (const [label, calls] of [
      ['first sync', model.first],
      ['steady', model.steady],
    ] as const) {
      console.log(
        [
          n,
          '-',
          "Backstage's discovery (model: HEAD per project)",
          label,
          calls.all,
          0,
          minutesUnderLimits(calls).toFixed(1),
          '',
          '',
          '',
          '',
          '',
        ].join(' | '),
      );
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
