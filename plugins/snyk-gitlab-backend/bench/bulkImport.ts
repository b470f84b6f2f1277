/* eslint-disable no-console */
// A bulk import of 1,000 repositories against the Snyk stand-in with Snyk's
// v1 rate limit on (2,000 requests a minute per token, 429 without
// Retry-After past it, as Snyk answers): wall time, v1 calls, the limit's
// lower bound (v1 calls ÷ 2,000 a minute), their ratio, 429s seen and
// duplicate imports in the stand-in (must be 0). The stand-in's import jobs
// complete at their first poll, so the run is bound by the limit, not by Snyk.
//   ./run bench   (or: node --expose-gc --require @backstage/cli/config/nodeTransform.cjs
//                  plugins/snyk-gitlab-backend/bench/bulkImport.ts; BENCH_IMPORTS changes the size)
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { performance } from 'node:perf_hooks';
import { DEFAULT_V1_REQUESTS_PER_MINUTE } from '../src/bulk/BulkImportWorker';
import { createServices } from '../src/service/createServices';
import { benchDatabases } from './databases';
import { benchConfig, createWorld, startStandIns } from './world';

const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 1000);
const V1_LIMIT = DEFAULT_V1_REQUESTS_PER_MINUTE;
const silent: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silent,
};

async function main() {
  const world = createWorld(IMPORTS);
  // Nothing imported yet; each import job completes at its first poll.
  world.snyk.orgs[0].targets = [];
  world.snyk.importPollsUntilComplete = 0;
  const standIns = await startStandIns({ world });
  const host = new URL(standIns.gitlabUrl).host;
  const orgId = world.snyk.orgs[0].id;
  const [[databaseName, makeKnex]] = benchDatabases();
  const knex = await makeKnex();
  const config = new ConfigReader(
    benchConfig(standIns, orgId, { v1RequestsPerMinute: V1_LIMIT }),
  );
  const services = await createServices({
    config,
    database: { getClient: async () => knex },
    logger: silent,
    // Snyk polled at most every 500 ms per job; the worker's first poll after 1 s.
    importPollIntervalMs: 500,
    bulkImport: { pollIntervalMs: 1000 },
  });
  await services.integrationService.saveGroup(
    { profileName: 'bench', host },
    'bench',
  );
  await services.sync.run();
  await services.orgService.save(orgId, 'bench');

  // Snyk's v1 limit from here on, with fresh counters.
  standIns.faults.rateLimit('snyk', {
    limit: V1_LIMIT,
    windowMs: 60_000,
    quietMs: 60_000,
    path: /^\/v1\//,
  });
  const accepted = await services.bulkImports.enqueue({ filter: {} }, 'bench');
  if (accepted.queued !== IMPORTS) {
    throw new Error(`queued ${accepted.queued} of ${IMPORTS}`);
  }
  const from = Date.now();
  const start = performance.now();
  let open = IMPORTS;
  while (open > 0) {
    await services.bulkImportWorker.run();
    const { counts } = await services.bulkImports.list({
      batchId: accepted.batchId,
      offset: 0,
      limit: 1,
    });
    open = counts.queued + counts.running;
  }
  const wallS = (performance.now() - start) / 1000;

  const snyk = standIns.faults.requests.filter(
    r => r.service === 'snyk' && r.at >= from,
  );
  const v1 = snyk.filter(r => r.path.startsWith('/v1/'));
  const imports = v1.filter(r => r.method === 'POST').length;
  const limited = snyk.filter(r => r.status === 429).length;
  const perProject = new Map<number, number>();
  for (const job of world.snyk.orgs[0].jobs) {
    perProject.set(
      job.gitlabProjectId,
      (perProject.get(job.gitlabProjectId) ?? 0) + 1,
    );
  }
  const duplicates = [...perProject.values()].filter(n => n > 1).length;
  const { counts } = await services.bulkImports.list({
    batchId: accepted.batchId,
    offset: 0,
    limit: 1,
  });
  const boundS = (v1.length / V1_LIMIT) * 60;
  const notImported = await services.inventoryQueries.count({
    filter: ['not_imported'],
  });
  await knex.destroy();
  await standIns.close();

  console.log(
    `Bulk import of ${IMPORTS} repositories (${databaseName}), Snyk stand-in with its v1 limit at ${V1_LIMIT} requests a minute per token (429 without Retry-After past it); worker budget ${V1_LIMIT}/min, paced at 95%\n`,
  );
  console.log('measure | value');
  console.log('--- | ---:');
  const rows: Array<[string, string | number]> = [
    ['wall time, s', wallS.toFixed(1)],
    ['imported / failed', `${counts.imported} / ${counts.failed}`],
    [
      'v1 calls (imports + job polls)',
      `${v1.length} (${imports} + ${v1.length - imports})`,
    ],
    [`lower bound at ${V1_LIMIT} v1 calls/min, s`, boundS.toFixed(1)],
    ['wall time ÷ lower bound', (wallS / boundS).toFixed(2)],
    ['REST calls (one targets refresh of the org)', snyk.length - v1.length],
    ['429s seen', limited],
    ['duplicate imports in the stand-in', duplicates],
    ['repositories still not imported in the inventory', notImported],
  ];
  for (const [label, value] of rows) console.log(`${label} | ${value}`);
  if (duplicates > 0) process.exitCode = 1;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
