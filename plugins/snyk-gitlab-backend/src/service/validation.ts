import { InputError } from '@backstage/errors';
import { CATALOG_ATTRIBUTES } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import {
  MAX_ATTRIBUTE_PATHS,
  checkAttributePath,
  checkCatalogFilename,
} from '../catalog/rules';

const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

/** User text: trimmed, 1..max characters, no NUL or other control characters. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(v => !CONTROL.test(v), 'must not contain control characters');

const fieldPath = text(256).superRefine((value, ctx) => {
  const problem = checkAttributePath(value);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

const host = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(HOST, 'must be a host name such as gitlab.com');

const catalogFilename = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = checkCatalogFilename(value);
    if (problem)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

export const groupIntegrationBody = z
  .object({
    profileName: text(100),
    host,
    catalog: z
      .object({
        enabled: z.boolean().optional(),
        filename: catalogFilename.optional(),
        attributes: z
          .record(
            z.enum(CATALOG_ATTRIBUTES),
            z.union([
              fieldPath,
              z
                .array(fieldPath)
                .min(1)
                .max(
                  MAX_ATTRIBUTE_PATHS,
                  'Snyk takes a field and one alternate field name',
                ),
            ]),
          )
          .transform(record =>
            Object.fromEntries(
              Object.entries(record).map(([k, v]) => [
                k,
                Array.isArray(v) ? v : [v],
              ]),
            ),
          )
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const byRepository = (q: { projectId?: number; projectSlug?: string }) =>
  q.projectId !== undefined || q.projectSlug !== undefined;

const validators = makeValidator();

/** `kind:namespace/name` or `kind:name`, each part valid as in the catalog. */
export const entityRefParam = z
  .string()
  .max(512)
  .superRefine((value, ctx) => {
    try {
      const ref = parseEntityRef(value);
      if (
        !validators.isValidKind(ref.kind) ||
        !validators.isValidNamespace(ref.namespace) ||
        !validators.isValidEntityName(ref.name)
      ) {
        throw new Error(
          `"${value}" is not a valid entity reference such as component:default/my-service`,
        );
      }
    } catch (error) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: (error as Error).message,
      });
    }
  });

const projectId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const entityStatusQuery = z
  .object({
    entityRef: entityRefParam.optional(),
    host: host.optional(),
    projectSlug: text(1024).optional(),
    projectId: z.coerce.number().pipe(projectId).optional(),
  })
  .strict()
  .refine(q => q.entityRef || byRepository(q), {
    message: 'give entityRef, projectSlug or projectId',
    path: ['entityRef'],
  })
  .refine(q => !(q.entityRef && (byRepository(q) || q.host)), {
    message:
      'give either entityRef (the entity is read from the catalog) or projectSlug/projectId, not both',
    path: ['entityRef'],
  });

export const importBody = z
  .object({
    entityRef: entityRefParam.optional(),
    host: host.optional(),
    projectId: projectId.optional(),
    path: text(1024).optional(),
    orgId: text(64).optional(),
  })
  .strict()
  .refine(
    b => b.entityRef || b.projectId !== undefined || b.path !== undefined,
    { message: 'give entityRef, projectId or path', path: ['entityRef'] },
  )
  .refine(
    b => !(b.entityRef && (b.projectId !== undefined || b.path || b.host)),
    {
      message:
        'give either entityRef (its repository is read from the catalog) or projectId/path, not both',
      path: ['entityRef'],
    },
  );

/** A Snyk org id or one of our job ids: a UUID-like token. */
/** A GitLab host in a path, e.g. `DELETE /integrations/groups/:host`. */
export const hostParam = host;

export const idParam = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'must be letters, digits, - or _');

/** `GET /index`: a page size and the previous page's `nextCursor` (see IntegrationService.index). */
export const indexQuery = z
  .object({
    cursor: z
      .string()
      .max(2048)
      .transform((value, ctx) => {
        try {
          const [lastHost, lastId] = z
            .tuple([host, projectId])
            .parse(JSON.parse(Buffer.from(value, 'base64url').toString()));
          return { host: lastHost, projectId: lastId };
        } catch {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'must be the nextCursor of a previous page',
          });
          return z.NEVER;
        }
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(5000),
  })
  .strict();

/** Parses input or throws a 400 naming each bad field. */
export function validate<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues
    .map(
      issue =>
        `${issue.path.length ? issue.path.join('.') : what}: ${issue.message}`,
    )
    .join('; ');
  throw new InputError(`Invalid ${what}: ${details}`);
}
