import { InputError } from '@backstage/errors';
import { CATALOG_ATTRIBUTES } from '@internal/plugin-snyk-gitlab-common';
import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { parseFieldPath } from '../catalog/fieldPath';

const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i;

const fieldPath = z
  .string()
  .max(256)
  .superRefine((value, ctx) => {
    try {
      parseFieldPath(value);
    } catch (error) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `field path ${(error as Error).message}`,
      });
    }
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
  .min(1)
  .max(255)
  .regex(/\.ya?ml$/i, 'must be a .yaml or .yml file')
  .refine(
    v => !v.startsWith('/') && !v.split('/').includes('..'),
    'must be a path inside the repository',
  );

export const groupIntegrationBody = z
  .object({
    profileName: z.string().trim().min(1).max(100),
    host,
    catalog: z
      .object({
        enabled: z.boolean().optional(),
        filename: catalogFilename.optional(),
        attributes: z
          .record(
            z.enum(CATALOG_ATTRIBUTES),
            z.union([fieldPath, z.array(fieldPath).min(1).max(5)]),
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

export const importBody = z
  .object({
    host: host.optional(),
    projectId: z.number().int().positive().optional(),
    path: z.string().trim().min(1).max(1024).optional(),
    orgId: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .refine(b => b.projectId !== undefined || b.path !== undefined, {
    message: 'give projectId or path',
    path: ['projectId'],
  });

const validators = makeValidator();

/** `kind:namespace/name` or `kind:name`, each part valid as in the catalog. */
const entityRef = z
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

export const entityStatusQuery = z
  .object({
    entityRef: entityRef.optional(),
    host: host.optional(),
    projectSlug: z.string().trim().min(1).max(1024).optional(),
    projectId: z.coerce.number().int().positive().optional(),
  })
  .strict()
  .refine(q => q.entityRef || q.projectSlug || q.projectId !== undefined, {
    message: 'give entityRef, projectSlug or projectId',
    path: ['entityRef'],
  });

/** A Snyk org id or one of our job ids: a UUID-like token. */
export const idParam = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'must be letters, digits, - or _');

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
