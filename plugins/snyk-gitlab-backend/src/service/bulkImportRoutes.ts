import {
  BULK_IMPORT_ITEM_STATES,
  BULK_IMPORT_MAX_REPOSITORIES,
  snykGitlabIntegrationManagePermission,
  snykGitlabIntegrationReadPermission,
  snykGitlabRepositoryImportPermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { BulkImportQueue } from '../bulk/BulkImportQueue';
import { Access } from './access';
import { inventoryFilters, inventoryText } from './inventoryRoutes';
import { hostParam, idParam, validate } from './validation';

const projectId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** `POST /imports/bulk`: named repositories, or the inventory's filters. */
export const bulkImportBody = z
  .object({
    repositories: z
      .array(z.object({ host: hostParam, projectId }).strict())
      .min(1)
      .max(BULK_IMPORT_MAX_REPOSITORIES)
      .optional(),
    filter: z
      .object({
        host: hostParam.optional(),
        filter: inventoryFilters.optional(),
        q: inventoryText.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine(b => (b.repositories === undefined) !== (b.filter === undefined), {
    message: 'give exactly one of repositories or filter',
    path: ['repositories'],
  });

/** `GET /imports/bulk`. */
export const bulkImportListQuery = z
  .object({
    batchId: idParam.optional(),
    state: z.enum(BULK_IMPORT_ITEM_STATES).optional(),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

/** `POST /imports/bulk/retry`: a batch's failed items, or some by id. */
export const bulkImportRetryBody = z
  .object({
    batchId: idParam.optional(),
    ids: z.array(idParam).min(1).max(BULK_IMPORT_MAX_REPOSITORIES).optional(),
  })
  .strict()
  .refine(b => b.batchId !== undefined || b.ids !== undefined, {
    message: 'give batchId or ids',
    path: ['batchId'],
  });

// Up to 5,000 repositories: more than the API's usual 64 KB.
const largeJson = express.json({ limit: '2mb' });

/**
 * The bulk import queue. Queueing and retrying need
 * `snyk-gitlab.integration.manage` and the import permission for every
 * repository (an unconditional ALLOW: a policy that allows it only for some
 * entities, such as their owners', does not cover a bulk import); reading
 * needs `snyk-gitlab.integration.read`.
 */
export function bulkImportRoutes(options: {
  access: Access;
  audited: (
    action: string,
    handler: (req: express.Request, res: express.Response) => Promise<void>,
  ) => (req: express.Request, res: express.Response) => Promise<void>;
  bulkImports: BulkImportQueue;
}): express.Router {
  const { access, audited, bulkImports } = options;
  const router = Router();

  const authorize = async (req: express.Request) => {
    const credentials = await access.user(req);
    await access.require(credentials, snykGitlabIntegrationManagePermission);
    await access.requireForAll(
      credentials,
      snykGitlabRepositoryImportPermission,
    );
    return credentials.principal.userEntityRef;
  };

  router.post(
    '/imports/bulk',
    largeJson,
    audited('repository.import.bulk', async (req, res) => {
      const actor = await authorize(req);
      const body = validate(bulkImportBody, req.body, 'bulk import');
      res.status(202).json(await bulkImports.enqueue(body, actor));
    }),
  );

  router.get('/imports/bulk', async (req, res) => {
    await access.require(
      await access.caller(req),
      snykGitlabIntegrationReadPermission,
    );
    res.json(
      await bulkImports.list(validate(bulkImportListQuery, req.query, 'query')),
    );
  });

  router.post(
    '/imports/bulk/retry',
    largeJson,
    audited('repository.import.bulk.retry', async (req, res) => {
      const actor = await authorize(req);
      const body = validate(bulkImportRetryBody, req.body, 'retry');
      res.json({ requeued: await bulkImports.retry(body, actor) });
    }),
  );

  return router;
}
