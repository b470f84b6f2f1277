import {
  snykGitlabIntegrationManagePermission,
  snykGitlabIntegrationReadPermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { Access } from './access';
import { OrgSettingsService } from './OrgSettingsService';
import { idParam, validate } from './validation';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

/** A dependency or user name: 1..255 characters, no control characters. */
const name = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine(v => !CONTROL.test(v), 'must not contain control characters');

/** A partial `OrgGitlabSettings`: only known fields, each of its type. */
export const orgSettingsBody = z
  .object({
    pullRequestTestEnabled: z.boolean(),
    pullRequestFailOnAnyVulns: z.boolean(),
    pullRequestFailOnlyForHighSeverity: z.boolean(),
    autoRemediationPrs: z
      .object({
        freshPrsEnabled: z.boolean(),
        backlogPrsEnabled: z.boolean(),
        backlogPrStrategy: z.enum(['vuln', 'dependency']),
        usePatchRemediation: z.boolean(),
      })
      .partial()
      .strict(),
    manualRemediationPrs: z
      .object({ usePatchRemediation: z.boolean() })
      .partial()
      .strict(),
    autoDepUpgradeEnabled: z.boolean(),
    // Snyk takes 1 to 10 open upgrade merge requests.
    autoDepUpgradeLimit: z.number().int().min(1).max(10),
    autoDepUpgradeIgnoredDependencies: z.array(name).max(500),
    autoDepUpgradeMinAge: z.number().int().min(0).max(365),
    dockerfileSCMEnabled: z.boolean(),
    pullRequestAssignment: z
      .object({
        enabled: z.boolean(),
        type: z.enum(['auto', 'manual']),
        assignees: z.array(name).max(100),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict()
  .refine(body => Object.keys(body).length > 0, {
    message: 'give at least one setting to change',
  });

/**
 * A Snyk org's GitLab integration settings and its broker connections:
 * reads need `snyk-gitlab.integration.read`, the save `.manage` (audited).
 */
export function orgSettingsRoutes(options: {
  access: Access;
  audited: (
    action: string,
    handler: (req: express.Request, res: express.Response) => Promise<void>,
  ) => (req: express.Request, res: express.Response) => Promise<void>;
  orgSettings: OrgSettingsService;
}): express.Router {
  const { access, audited, orgSettings } = options;
  const router = Router();

  router.get('/integrations/orgs/:orgId/settings', async (req, res) => {
    await access.require(
      await access.caller(req),
      snykGitlabIntegrationReadPermission,
    );
    const orgId = validate(idParam, req.params.orgId, 'orgId');
    res.json(await orgSettings.get(orgId));
  });

  router.put(
    '/integrations/orgs/:orgId/settings',
    audited('org.settings.save', async (req, res) => {
      const credentials = await access.user(req);
      await access.require(credentials, snykGitlabIntegrationManagePermission);
      const orgId = validate(idParam, req.params.orgId, 'orgId');
      const changes = validate(orgSettingsBody, req.body, 'settings');
      res.json(
        await orgSettings.update(
          orgId,
          changes,
          credentials.principal.userEntityRef,
        ),
      );
    }),
  );

  router.get(
    '/integrations/orgs/:orgId/broker-connections',
    async (req, res) => {
      await access.require(
        await access.caller(req),
        snykGitlabIntegrationReadPermission,
      );
      const orgId = validate(idParam, req.params.orgId, 'orgId');
      res.json(await orgSettings.brokerConnections(orgId));
    },
  );

  return router;
}
