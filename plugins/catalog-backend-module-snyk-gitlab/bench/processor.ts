/* eslint-disable no-console */
// Cost of the catalog processor per entity on 10,000 entities, and the number
// of network calls made while processing (goal: ≤ 20 µs per entity, 0 calls).
//   ./run bench   (or: node --require @backstage/cli/config/nodeTransform.cjs bench/processor.ts)
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { RepositoryIndexCache } from '../src/RepositoryIndexCache';
import { SnykGitlabAnnotationProcessor } from '../src/SnykGitlabAnnotationProcessor';

const N = 10_000;
const PASSES = 7;

let networkCalls = 0;
const count = <T extends (...args: any[]) => any>(fn: T) =>
  ((...args: any[]) => {
    networkCalls += 1;
    return fn(...args);
  }) as T;
http.request = count(http.request);
http.get = count(http.get);
https.request = count(https.request);
https.get = count(https.get);
globalThis.fetch = count(globalThis.fetch);

const silent: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silent,
};
const cache = new RepositoryIndexCache();
cache.replace({
  defaultHost: 'gitlab.com',
  repositories: Array.from({ length: N }, (_, i) => ({
    host: 'gitlab.com',
    projectId: i + 1,
    path: `group${i % 50}/project-${i}`,
    // Snyk's ids are UUIDs; the processor writes nothing else.
    orgId: '0f5e7c52-8d1a-4f36-9c1e-5d3b2a1c0e99',
    targetId:
      i % 2
        ? `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`
        : undefined,
  })),
});
const processor = new SnykGitlabAnnotationProcessor(
  cache,
  ['gitlab.com'],
  silent,
);
const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

const component = (i: number, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: `c${i}`, annotations },
  spec: { type: 'service', owner: 'team', lifecycle: 'production' },
});

const sets: Array<[string, Entity[]]> = [
  [
    'GitLab slug, enriched',
    Array.from({ length: N }, (_, i) =>
      component(i, {
        'gitlab.com/project-slug': `group${i % 50}/project-${i}`,
      }),
    ),
  ],
  [
    'GitLab source URL, enriched',
    Array.from({ length: N }, (_, i) =>
      component(i, {
        'backstage.io/source-location': `url:https://gitlab.com/group${
          i % 50
        }/project-${i}/-/tree/main/`,
      }),
    ),
  ],
  [
    'not from GitLab, untouched',
    Array.from({ length: N }, (_, i) =>
      component(i, {
        'backstage.io/source-location': `url:https://github.com/acme/r${i}/tree/main/`,
      }),
    ),
  ],
];

async function perEntityMicros(
  entities: Entity[],
  fn: (e: Entity) => Promise<Entity>,
) {
  const runs: number[] = [];
  for (let pass = 0; pass < PASSES + 1; pass++) {
    const start = performance.now();
    for (const entity of entities) await fn(entity);
    const micros = ((performance.now() - start) * 1000) / entities.length;
    if (pass > 0) runs.push(micros); // the first pass warms up
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)];
}

async function main() {
  const rows: string[][] = [];
  const baseline = await perEntityMicros(sets[0][1], async e => e);
  rows.push(['no processor (async identity)', baseline.toFixed(2), '-']);
  for (const [name, entities] of sets) {
    const before = networkCalls;
    const micros = await perEntityMicros(entities, e =>
      processor.preProcessEntity(e, location),
    );
    rows.push([name, micros.toFixed(2), String(networkCalls - before)]);
  }
  const sample = await processor.preProcessEntity(sets[0][1][1], location);
  console.log(
    `Catalog processor, ${N.toLocaleString()} entities, median of ${PASSES} passes (goal: ≤ 20 µs, 0 calls)\n`,
  );
  console.log(['case', 'µs per entity', 'network calls'].join(' | '));
  console.log('--- | ---: | ---:');
  for (const row of rows) console.log(row.join(' | '));
  console.log(
    `\nexample annotations: ${JSON.stringify(sample.metadata.annotations)}`,
  );
}

main();
