import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import {
  CANARY_PAT,
  StandIns,
  blobId,
  catalogFile,
  project,
  startStandIns,
  testWorld,
} from './index';

const listing = `
query($fullPath: ID!, $first: Int!, $after: String, $paths: [String!]!) {
  group(fullPath: $fullPath) {
    projects(includeSubgroups: true, includeArchived: false, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id fullPath repository { rootRef blobs(paths: $paths) { nodes { oid size } } } }
    }
  }
  queryComplexity { score limit }
}`;

describe('GitLab stand-in: /api/graphql', () => {
  let standIns: StandIns;
  const graphql = async (
    query: string,
    variables: object,
    token = CANARY_PAT,
  ) => {
    const res = await fetch(`${standIns.gitlabUrl}/api/graphql`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeEach(async () => {
    const world = testWorld();
    world.gitlab.groups.push({ id: 3, path: 'partner' });
    world.gitlab.projects.push(
      { ...project(21, 'partner/lib'), sharedWithGroups: ['acme'] },
      { ...project(22, 'acme/old'), archived: true },
    );
    standIns = await startStandIns({ world });
  });
  afterEach(() => standIns.close());

  it("takes only queries valid under GitLab's schema (the vendored 18.5 subset)", async () => {
    const schema = buildSchema(
      fs.readFileSync(
        path.resolve(__dirname, '../contracts/gitlab/graphql-subset.graphql'),
        'utf8',
      ),
    );
    expect(validate(schema, parse(listing))).toEqual([]);
    const { body } = await graphql('{ group(fullPath: "acme") { nope } }', {});
    expect(body.errors[0].message).toMatch(
      /Cannot query field "nope" on type "Group"/,
    );
  });

  it("lists a group's own projects with global ids, blob oids and BigInt sizes as strings, page by page", async () => {
    const pages = [];
    let after: string | null = null;
    do {
      const { body } = await graphql(listing, {
        fullPath: 'acme',
        first: 2,
        after,
        paths: ['catalog-info.yaml'],
      });
      const connection = body.data.group.projects;
      pages.push(connection.nodes);
      after = connection.pageInfo.hasNextPage
        ? connection.pageInfo.endCursor
        : null;
    } while (after);
    expect(pages.map(p => p.length)).toEqual([2, 1]);
    const nodes = pages.flat();
    // Archived and shared-in projects are not listed.
    expect(nodes.map(n => n.fullPath)).toEqual([
      'acme/api',
      'acme/team/web',
      'acme/team/worker',
    ]);
    const text = catalogFile('api', { system: 'shop' });
    expect(nodes[0]).toEqual({
      id: 'gid://gitlab/Project/11',
      fullPath: 'acme/api',
      repository: {
        rootRef: 'main',
        blobs: {
          nodes: [{ oid: blobId(text), size: String(Buffer.byteLength(text)) }],
        },
      },
    });
    expect(nodes[1].repository.blobs.nodes).toEqual([]);
  });

  it.each([
    // Per project: nodes 1 + id 1 + fullPath 1 + repository (1 + rootRef 1+1
    // + blobs 1+1 + one blob's nodes 3) = 11 strict; gitlab: blobs 5 × 1.01
    // rounds up to 6 (12 per project), and projects (1 + pageInfo 3 + 12) × 2.
    ['gitlab', 100, 36],
    ['strict', 100, 1108],
    ['strict', 10, 118],
  ] as const)(
    'scores the listing under the %s model with first: %i as %i, and refuses it over the limit as GitLab does',
    async (model, first, score) => {
      standIns.world.gitlab.graphql.complexity = model;
      const variables = { fullPath: 'acme', first, paths: ['x'] };
      standIns.world.gitlab.graphql.maxComplexity = score;
      const ok = await graphql(listing, variables);

      expect(ok.body.data.queryComplexity).toEqual({ score, limit: score });
      standIns.world.gitlab.graphql.maxComplexity = score - 1;
      const refused = await graphql(listing, variables);
      expect(refused.status).toBe(200);
      expect(refused.body).toEqual({
        errors: [
          {
            message: `Query has complexity of ${score}, which exceeds max complexity of ${
              score - 1
            }`,
          },
        ],
      });
    },
  );

  it('refuses a request whose blob texts exceed the data limit, and needs api or read_api', async () => {
    standIns.world.gitlab.graphql.maxBlobBytes = 10;
    const texts = await graphql(
      `
        query ($ids: [ID!]) {
          projects(ids: $ids) {
            nodes {
              repository {
                blobs(paths: ["catalog-info.yaml"]) {
                  nodes {
                    rawTextBlob
                  }
                }
              }
            }
          }
        }
      `,
      { ids: ['gid://gitlab/Project/11'] },
    );
    expect(texts.body.errors[0].message).toMatch(
      /exceeds the limit of 10 bytes/,
    );
    standIns.world.gitlab.tokens[0].scopes = ['read_repository'];
    expect(
      (await graphql(listing, { fullPath: 'acme', first: 1, paths: [] }))
        .status,
    ).toBe(403);
  });
});
