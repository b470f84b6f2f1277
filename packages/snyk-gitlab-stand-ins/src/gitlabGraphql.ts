import express, { Request, Response } from 'express';
import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  FragmentDefinitionNode,
  GraphQLError,
  OperationDefinitionNode,
  buildSchema,
  execute,
  parse,
  validate,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { pageSize, scoreOperation } from './graphqlComplexity';
import {
  GitlabProject,
  GitlabToken,
  World,
  blobId,
  inGroup,
  namespaceOf,
} from './world';

const schema = buildSchema(
  fs.readFileSync(
    resolvePackagePath(
      '@snyk-gitlab/stand-ins',
      'contracts/gitlab/graphql-subset.graphql',
    ),
    'utf8',
  ),
);

/** GitLab's limits (doc/api/graphql/_index.md): query text and depth. */
const MAX_QUERY_CHARS = 10_000;

const gid = (type: string, id: number | string) => `gid://gitlab/${type}/${id}`;

const cursorOf = (id: number) =>
  Buffer.from(JSON.stringify({ id: String(id) })).toString('base64');

function afterId(cursor: unknown): number {
  if (typeof cursor !== 'string') return 0;
  try {
    return Number(JSON.parse(Buffer.from(cursor, 'base64').toString()).id) || 0;
  } catch {
    return 0;
  }
}

/** A page of projects (sorted by id) as a GitLab connection. */
function connection(
  projects: GitlabProject[],
  args: Record<string, unknown>,
  baseUrl: string,
) {
  const size = pageSize(args);
  const after = afterId(args.after);
  let start = 0;
  let end = projects.length;
  while (start < end) {
    const mid = (start + end) >> 1;
    if (projects[mid].id <= after) start = mid + 1;
    else end = mid;
  }
  const page = projects.slice(start, start + size);
  const last = page[page.length - 1];
  return {
    count: projects.length,
    nodes: page.map(p => projectNode(p, baseUrl)),
    pageInfo: {
      hasNextPage: start + size < projects.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursorOf(page[0].id) : null,
      endCursor: last ? cursorOf(last.id) : null,
    },
  };
}

function projectNode(p: GitlabProject, baseUrl: string) {
  const name = p.path.split('/').slice(-1)[0];
  const empty = Object.keys(p.files).length === 0;
  return {
    id: gid('Project', p.id),
    fullPath: p.path,
    name,
    path: name,
    nameWithNamespace: p.path.split('/').join(' / '),
    webUrl: `${baseUrl}/${p.path}`,
    webPath: `/${p.path}`,
    httpUrlToRepo: `${baseUrl}/${p.path}.git`,
    lastActivityAt: p.lastActivityAt,
    archived: Boolean(p.archived),
    repository: {
      empty,
      exists: true,
      rootRef: empty ? null : p.defaultBranch,
      blobs: (args: { paths: string[]; ref?: string | null }) => {
        const onDefault = !args.ref || args.ref === p.defaultBranch;
        const nodes = onDefault
          ? args.paths.flatMap(filePath => {
              const content = p.files[filePath];
              if (content === undefined) return [];
              const oid = blobId(content);
              const bytes = String(Buffer.byteLength(content));
              return [
                {
                  id: gid('Blob', oid),
                  oid,
                  path: filePath,
                  name: filePath.split('/').slice(-1)[0],
                  size: bytes,
                  rawSize: bytes,
                  rawTextBlob: content,
                  webPath: `/${p.path}/-/blob/${p.defaultBranch}/${filePath}`,
                },
              ];
            })
          : [];
        return {
          nodes,
          pageInfo: { hasNextPage: false, hasPreviousPage: false },
        };
      },
    },
  };
}

/** Projects sorted by id, cached while the list is the same. */
function sortedProjects(world: World) {
  const cache = sortedProjects.cache.get(world.gitlab.projects);
  if (cache && cache.length === world.gitlab.projects.length) return cache;
  const sorted = [...world.gitlab.projects].sort((a, b) => a.id - b.id);
  sortedProjects.cache.set(world.gitlab.projects, sorted);
  return sorted;
}
sortedProjects.cache = new WeakMap<GitlabProject[], GitlabProject[]>();

function rootValue(world: World, baseUrl: string, score: number) {
  const all = () => sortedProjects(world);
  return {
    queryComplexity: () => ({
      score,
      limit: world.gitlab.graphql.maxComplexity,
    }),
    project: ({ fullPath }: { fullPath: string }) => {
      const p = world.gitlab.projects.find(x => x.path === fullPath);
      return p ? projectNode(p, baseUrl) : null;
    },
    projects: (args: Record<string, unknown>) => {
      const ids = args.ids as string[] | undefined;
      const wanted = ids && new Set(ids);
      const archived = args.archived as string | undefined;
      const list = all().filter(
        p =>
          (!wanted || wanted.has(gid('Project', p.id))) &&
          (archived !== 'EXCLUDE' || !p.archived) &&
          (archived !== 'ONLY' || p.archived),
      );
      return connection(list, args, baseUrl);
    },
    group: ({ fullPath }: { fullPath: string }) => {
      const group = world.gitlab.groups.find(g => g.path === fullPath);
      if (!group) return null;
      return {
        id: gid('Group', group.id),
        fullPath: group.path,
        // Only the group's own projects: shared-in projects are not listed.
        projects: (args: Record<string, unknown>) => {
          const list = all().filter(
            p =>
              inGroup(
                namespaceOf(p.path),
                group.path,
                args.includeSubgroups === true,
              ) &&
              (args.includeArchived !== false || !p.archived),
          );
          return connection(list, args, baseUrl);
        },
      };
    },
  };
}

/** Sum of the blob text an answer carries. */
function blobBytes(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n, v) => n + blobBytes(v), 0);
  if (!value || typeof value !== 'object') return 0;
  let total = 0;
  for (const [key, v] of Object.entries(value)) {
    total +=
      key === 'rawTextBlob' && typeof v === 'string'
        ? Buffer.byteLength(v)
        : blobBytes(v);
  }
  return total;
}

const errors = (res: Response, status: number, ...messages: string[]) =>
  res.status(status).json({ errors: messages.map(message => ({ message })) });

/**
 * GitLab's `POST /api/graphql` for the queries a crawler sends: checked
 * against GitLab's schema, scored for complexity (see `ComplexityModel`),
 * refused like GitLab when over the limits.
 */
export function graphqlRoute(
  world: World,
  baseUrl: () => string,
  authenticated: (req: Request, res: Response) => GitlabToken | undefined,
  requireScope: (token: GitlabToken, res: Response, anyOf: string[]) => boolean,
) {
  const router = express.Router();
  router.post('/api/graphql', express.json({ limit: '1mb' }), (req, res) => {
    const settings = world.gitlab.graphql;
    if (!settings.enabled) {
      res.status(404).json({ message: '404 Not Found' });
      return;
    }
    const token = authenticated(req, res);
    if (!token || !requireScope(token, res, ['api', 'read_api'])) return;
    const { query, variables } = req.body ?? {};
    if (typeof query !== 'string') {
      errors(res, 200, 'No query string was present');
      return;
    }
    if (query.length > MAX_QUERY_CHARS) {
      errors(res, 200, 'Query too large');
      return;
    }
    let document;
    try {
      document = parse(query);
    } catch (error) {
      errors(res, 200, (error as GraphQLError).message);
      return;
    }
    const invalid = validate(schema, document);
    if (invalid.length) {
      errors(res, 200, ...invalid.map(e => e.message));
      return;
    }
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
    )!;
    const fragments = Object.fromEntries(
      document.definitions
        .filter(
          (d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition',
        )
        .map(d => [d.name.value, d]),
    );
    const coerced = getVariableValues(
      schema,
      operation.variableDefinitions ?? [],
      variables ?? {},
    );
    if (coerced.errors) {
      errors(res, 200, ...coerced.errors.map(e => e.message));
      return;
    }
    const score = scoreOperation(
      schema,
      operation,
      fragments,
      coerced.coerced,
      settings.complexity,
    );
    if (score > settings.maxComplexity) {
      errors(
        res,
        200,
        `Query has complexity of ${score}, which exceeds max complexity of ${settings.maxComplexity}`,
      );
      return;
    }
    const result = execute({
      schema,
      document,
      rootValue: rootValue(world, baseUrl(), score),
      variableValues: coerced.coerced,
    }) as { data?: unknown; errors?: readonly GraphQLError[] };
    // GitLab refuses a request whose blobs add up to more than its data
    // limit (MR 212456); its wording is not published, this one is ours.
    if (blobBytes(result.data) > settings.maxBlobBytes) {
      errors(
        res,
        200,
        `Blob data of this request exceeds the limit of ${settings.maxBlobBytes} bytes; request fewer blobs`,
      );
      return;
    }
    res.json({
      data: result.data,
      ...(result.errors?.length
        ? { errors: result.errors.map(e => e.toJSON()) }
        : {}),
    });
  });
  return router;
}
