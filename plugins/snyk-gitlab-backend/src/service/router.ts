import {
  AuditorService,
  HttpAuthService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  EntityStatusQuery,
  snykGitlabIntegrationManagePermission,
  snykGitlabIntegrationReadPermission,
  snykGitlabRepositoryImportPermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import express from 'express';
import Router from 'express-promise-router';
import { ApiError } from '../clients/http';
import { SnykGitlabStore } from '../database/SnykGitlabStore';
import { Access, repositoryQueryOf } from './access';
import { auditedRoute } from './audited';
import {
  IntegrationService,
  entityStatusWithoutDetails,
} from './IntegrationService';
import { SnykOrgService } from './SnykOrgService';
import { OrgSettingsService } from './OrgSettingsService';
import { orgSettingsRoutes } from './orgSettingsRoutes';
import { InventoryQueries } from '../database/inventoryQuery';
import { BulkImportQueue } from '../bulk/BulkImportQueue';
import { inventoryRoutes } from './inventoryRoutes';
import { bulkImportRoutes } from './bulkImportRoutes';
import {
  entityRefParam,
  entityStatusQuery,
  groupIntegrationBody,
  hostParam,
  importBody,
  idParam,
  indexQuery,
  validate,
} from './validation';

export const SYNC_TASK_ID = 'snyk-gitlab-sync';

/** A failed call to GitLab or Snyk, answered as 502 Bad Gateway. */
class UpstreamError extends Error {
  readonly statusCode = 502;
  constructor(cause: ApiError) {
    super(cause.message);
    this.name = 'UpstreamError';
  }
}

export interface RouterOptions {
  access: Access;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  scheduler: SchedulerService;
  store: SnykGitlabStore;
  integrationService: IntegrationService;
  orgService: SnykOrgService;
  orgSettings: OrgSettingsService;
  inventoryQueries: InventoryQueries;
  bulkImports: BulkImportQueue;
}

const MANAGE = snykGitlabIntegrationManagePermission;
const READ = snykGitlabIntegrationReadPermission;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { access, scheduler, store, integrationService, orgService } = options;
  const gitlabHosts = integrationService.gitlabHosts();
  const audited = (
    action: string,
    handler: (req: express.Request, res: express.Response) => Promise<void>,
  ) => auditedRoute({ ...options, store }, action, 'medium', handler);
  const router = Router();
  // Before the 64 KB body limit (a bulk import takes more) and GET /imports/:id.
  router.use(bulkImportRoutes({ ...options, audited }));
  router.use(express.json({ limit: '64kb' }));

  /** Checks a permission for the signed-in user; returns the user's entity ref. */
  const authorize = async (req: express.Request) => {
    const credentials = await access.user(req);
    await access.require(credentials, MANAGE);
    return credentials.principal.userEntityRef;
  };

  router.get('/state', async (req, res) => {
    const credentials = await access.caller(req);
    res.json(
      await integrationService.state(await access.allowed(credentials, READ)),
    );
  });

  router.put(
    '/integrations/group',
    audited('group.save', async (req, res) => {
      const actor = await authorize(req);
      const body = validate(
        groupIntegrationBody,
        req.body,
        'group integration',
      );
      res.json(await integrationService.saveGroup(body, actor));
    }),
  );

  router.delete(
    '/integrations/groups/:host',
    audited('group.delete', async (req, res) => {
      const actor = await authorize(req);
      const host = validate(hostParam, req.params.host, 'host');
      await integrationService.deleteGroup(host, actor);
      res.status(204).end();
    }),
  );

  router.put(
    '/integrations/orgs/:orgId',
    audited('org.save', async (req, res) => {
      const actor = await authorize(req);
      const orgId = validate(idParam, req.params.orgId, 'orgId');
      res.json(await orgService.save(orgId, actor));
    }),
  );

  router.post(
    '/sync',
    audited('sync.trigger', async (req, res) => {
      const actor = await authorize(req);
      await scheduler.triggerTask(SYNC_TASK_ID);
      await store.audit({
        actor,
        action: 'sync.trigger',
        subject: SYNC_TASK_ID,
      });
      res.status(202).json({ triggered: true });
    }),
  );

  // The whole inventory, private repositories included: services only (the catalog module).
  router.get('/index', async (req, res) => {
    await access.service(req);
    const { cursor, limit } = validate(indexQuery, req.query, 'query');
    res.json(await integrationService.index(cursor, limit));
  });

  /**
   * The lookup a caller may make: an entity they may read in the catalog,
   * found by its own annotations; or any repository with the read permission.
   */
  const lookupFor = async (
    req: express.Request,
    query: EntityStatusQuery,
  ): Promise<{ lookup: EntityStatusQuery; readable: boolean }> => {
    const credentials = await access.caller(req);
    const readable = await access.allowed(credentials, READ);
    if (query.entityRef) {
      const entity = await access.readableEntity(query.entityRef, credentials);
      return {
        lookup: repositoryQueryOf(entity, {
          trustAnnotations: readable,
          gitlabHosts,
        }),
        readable,
      };
    }
    await access.require(credentials, READ);
    return { lookup: query, readable };
  };

  router.get('/entity-status', async (req, res) => {
    const query = validate(entityStatusQuery, req.query, 'query');
    const { lookup, readable } = await lookupFor(req, query);
    const status = await integrationService.entityStatus(lookup);
    res.json(readable ? status : entityStatusWithoutDetails(status));
  });

  router.post(
    '/imports',
    audited('repository.import', async (req, res) => {
      const body = validate(importBody, req.body, 'import');
      const credentials = await access.user(req);
      const actor = credentials.principal.userEntityRef;
      if (body.entityRef) {
        const entity = await access.readableEntity(body.entityRef, credentials);
        await access.requireOn(
          credentials,
          snykGitlabRepositoryImportPermission,
          stringifyEntityRef(entity),
        );
        // Owners who do not manage the integration import only the
        // repository whose own catalog file declares their entity.
        const manager = await access.allowed(credentials, MANAGE);
        const repository = await integrationService.findRepository(
          repositoryQueryOf(entity, { trustAnnotations: manager, gitlabHosts }),
        );
        if (!repository) {
          throw new NotFoundError(
            `${body.entityRef} has no GitLab repository in the inventory${
              manager ? '' : ' whose catalog file declares it'
            }; run a sync first`,
          );
        }
        const { host, projectId } = repository;
        res
          .status(202)
          .json(
            await orgService.startImport(
              { host, projectId, orgId: body.orgId },
              actor,
            ),
          );
        return;
      }
      // A repository without a catalog entity: for those who manage the integration.
      await access.require(credentials, MANAGE);
      const host = body.host ?? (await integrationService.defaultHost());
      if (!host) {
        throw new InputError(
          'Invalid import: host: required while no group-level integration is saved',
        );
      }
      res
        .status(202)
        .json(await orgService.startImport({ ...body, host }, actor));
    }),
  );

  router.get('/imports/:id', async (req, res) => {
    const job = await orgService.findImport(
      validate(idParam, req.params.id, 'id'),
    );
    const credentials = await access.caller(req);
    if (!(await access.allowed(credentials, READ))) {
      // Otherwise only the job of an entity's repository the caller may read.
      const entityRef = validate(
        entityRefParam,
        req.query.entityRef,
        'entityRef',
      );
      const entity = await access.readableEntity(entityRef, credentials);
      const repository = await integrationService.findRepository(
        repositoryQueryOf(entity, { trustAnnotations: false, gitlabHosts }),
      );
      if (
        repository?.host !== job.host ||
        repository.projectId !== job.projectId
      ) {
        throw new NotFoundError(`No import job ${job.id} for ${entityRef}`);
      }
    }
    res.json(await orgService.pollImport(job));
  });

  router.get('/audit', async (req, res) => {
    await authorize(req);
    res.json({ items: await store.listAudit(100) });
  });

  router.use(orgSettingsRoutes({ ...options, audited }));
  router.use(inventoryRoutes(options));

  // GitLab's or Snyk's status is theirs: a Snyk 401 is no sign-out of ours.
  router.use(
    (
      error: Error,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => next(error instanceof ApiError ? new UpstreamError(error) : error),
  );

  return router;
}
