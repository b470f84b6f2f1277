/* eslint-disable no-console */
// Sync of 10,000 GitLab projects (a third with catalog files) against the local
// stand-ins: calls, wall time and memory; then a steady-state sync with 1% changed.
//   ./run bench   (or: node --require @backstage/cli/config/nodeTransform.cjs bench/sync.ts)
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { createWorld, startStandIns } from './world';
import { Knex } from 'knex';
import { benchDatabases } from './databases';
import { performance } from 'node:perf_hooks';
import { createServices } from '../src/service/createServices';

const N = Number(process.env.BENCH_PROJECTS ?? 10_000);
const silent: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silent,
};

async function once(makeKnex: () => Promise<Knex>) {
  const world = createWorld(N);
  const standIns = await startStandIns({ world });
  const knex = await makeKnex();
  const host = new URL(standIns.gitlabUrl).host;
  const config = new ConfigReader({
    integrations: {
      gitlab: [
        {
          host,
          apiBaseUrl: `${standIns.gitlabUrl}/api/v4`,
          baseUrl: standIns.gitlabUrl,
          token: world.gitlab.tokens[0].token,
        },
      ],
    },
    snykGitlab: {
      snyk: {
        apiBaseUrl: standIns.snykUrl,
        token: world.snyk.tokens[0],
        orgs: [{ orgId: world.snyk.orgs[0].id, gitlabHost: host }],
      },
    },
  });
  const {
    store,
    orgService,
    integrationService: integrations,
    sync,
  } = await createServices({
    config,
    database: { getClient: async () => knex },
    logger: silent,
  });
  await integrations.saveGroup({ profileName: 'bench', host }, 'bench');
  await orgService.save(world.snyk.orgs[0].id, 'bench');

  const measure = async (label: string) => {
    standIns.faults.requests.length = 0;
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    const result = await sync.run();
    const ms = performance.now() - start;
    const heapAfter = process.memoryUsage().heapUsed;
    const reqs = standIns.faults.requests;
    const gl = (re: RegExp) =>
      reqs.filter(r => r.service === 'gitlab' && re.test(r.path)).length;
    return {
      label,
      result,
      ms,
      listing: gl(/\/projects$/),
      files: gl(/\/raw$/),
      gitlab: reqs.filter(r => r.service === 'gitlab').length,
      snyk: reqs.filter(r => r.service === 'snyk').length,
      heapMb: (heapAfter - heapBefore) / 1024 / 1024,
      rssMb: process.memoryUsage().rss / 1024 / 1024,
    };
  };

  const first = await measure('first sync');
  // 1% of the projects change: new activity; half of those also change their catalog file.
  const changed = world.gitlab.projects.filter((_, i) => i % 100 === 0);
  changed.forEach((p, i) => {
    p.lastActivityAt = '2026-11-25T00:00:00Z';
    if (i % 2 === 0 && p.files['catalog-info.yaml'])
      p.files['catalog-info.yaml'] += '# changed\n';
  });
  const second = await measure(`steady state, ${changed.length} changed`);
  const stored = await store.countRepositories(host);
  await knex.destroy();
  await standIns.close();
  return { rows: [first, second], changed: changed.length, stored };
}

async function main() {
  console.log(
    `Sync of ${N.toLocaleString()} GitLab projects (${Math.ceil(
      N / 3,
    ).toLocaleString()} with catalog files) against the local stand-ins\n`,
  );
  console.log(
    'database | run | wall ms | GitLab calls | listing pages | files read | Snyk calls | heap Δ MB | RSS MB',
  );
  console.log('--- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---:');
  for (const [name, makeKnex] of benchDatabases()) {
    const { rows, changed, stored } = await once(makeKnex);
    for (const r of rows) {
      console.log(
        [
          name,
          r.label,
          r.ms.toFixed(0),
          r.gitlab,
          r.listing,
          r.files,
          r.snyk,
          r.heapMb.toFixed(1),
          r.rssMb.toFixed(0),
        ].join(' | '),
      );
    }
    const expected = Math.ceil(N / 100) + 1 + changed;
    console.log(
      `${name}: ${stored} repositories stored; steady-state GitLab calls expected ≈ listing pages + token check + changed = ${expected}, measured ${rows[1].gitlab}`,
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
