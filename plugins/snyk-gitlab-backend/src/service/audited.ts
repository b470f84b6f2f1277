import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import express from 'express';
import { SnykGitlabStore } from '../database/SnykGitlabStore';

/**
 * Wraps a write route: an event of Backstage's auditor around it, and a row
 * in the plugin's audit log for a refused (`.denied`) or failed (`.failed`)
 * attempt. Successful changes write their own row with the change itself.
 */
export function auditedRoute(
  deps: {
    auditor: AuditorService;
    httpAuth: HttpAuthService;
    store: SnykGitlabStore;
  },
  action: string,
  severityLevel: AuditorServiceEventSeverityLevel,
  handler: (req: express.Request, res: express.Response) => Promise<void>,
) {
  return async (req: express.Request, res: express.Response) => {
    const event = await deps.auditor.createEvent({
      eventId: action.replace(/\./g, '-'),
      severityLevel,
      request: req,
    });
    try {
      await handler(req, res);
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      const actor = await deps.httpAuth
        .credentials(req, { allow: ['user'] })
        .then(c => c.principal.userEntityRef)
        .catch(() => undefined);
      if (actor) {
        await deps.store.audit({
          actor,
          action: `${action}.${
            error instanceof NotAllowedError ? 'denied' : 'failed'
          }`,
          subject: req.params.orgId ?? req.params.id ?? req.path,
          details: { error: (error as Error).message.slice(0, 500) },
        });
      }
      throw error;
    }
  };
}
