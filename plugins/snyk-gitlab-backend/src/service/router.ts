import {
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  snykGitlabIntegrationManagePermission,
  snykGitlabRepositoryImportPermission,
} from '@internal/plugin-snyk-gitlab-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { SnykGitlabStore } from '../database/SnykGitlabStore';
import { IntegrationService } from './IntegrationService';
import { SnykOrgService } from './SnykOrgService';
import {
  entityStatusQuery,
  groupIntegrationBody,
  importBody,
  idParam,
  validate,
} from './validation';

export const SYNC_TASK_ID = 'snyk-gitlab-sync';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  store: SnykGitlabStore;
  integrationService: IntegrationService;
  orgService: SnykOrgService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    scheduler,
    store,
    integrationService,
    orgService,
  } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  /** Checks a permission for the signed-in user; returns the user's entity ref. */
  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
    return credentials.principal.userEntityRef;
  };

  router.get('/state', async (_req, res) => {
    res.json(await integrationService.state());
  });

  router.put('/integrations/group', async (req, res) => {
    const actor = await authorize(req, snykGitlabIntegrationManagePermission);
    const body = validate(groupIntegrationBody, req.body, 'group integration');
    res.json(await integrationService.saveGroup(body, actor));
  });

  router.put('/integrations/orgs/:orgId', async (req, res) => {
    const actor = await authorize(req, snykGitlabIntegrationManagePermission);
    const orgId = validate(idParam, req.params.orgId, 'orgId');
    res.json(await orgService.save(orgId, actor));
  });

  router.post('/sync', async (req, res) => {
    const actor = await authorize(req, snykGitlabIntegrationManagePermission);
    await scheduler.triggerTask(SYNC_TASK_ID);
    await store.audit({ actor, action: 'sync.trigger', subject: SYNC_TASK_ID });
    res.status(202).json({ triggered: true });
  });

  router.get('/index', async (_req, res) => {
    res.json(await integrationService.index());
  });

  router.get('/entity-status', async (req, res) => {
    const query = validate(entityStatusQuery, req.query, 'query');
    res.json(await integrationService.entityStatus(query));
  });

  router.post('/imports', async (req, res) => {
    const actor = await authorize(req, snykGitlabRepositoryImportPermission);
    const body = validate(importBody, req.body, 'import');
    const host = body.host ?? (await store.getGroupIntegration())?.host;
    if (!host) {
      throw new InputError(
        'Invalid import: host: required while no group-level integration is saved',
      );
    }
    res
      .status(202)
      .json(await orgService.startImport({ ...body, host }, actor));
  });

  router.get('/imports/:id', async (req, res) => {
    res.json(
      await orgService.getImport(validate(idParam, req.params.id, 'id')),
    );
  });

  router.get('/audit', async (req, res) => {
    await authorize(req, snykGitlabIntegrationManagePermission);
    res.json({ items: await store.listAudit(100) });
  });

  return router;
}
