// Snyk's integration settings (v1) and an org's Universal Broker connections (REST).
import { JSONAPI, REST_TYPE, cursorPage, restError } from './jsonApi';
import express, { Response } from 'express';
import { SnykOrg, World } from './world';

/**
 * What Snyk answers for an integration nobody has configured yet, from
 * Snyk's documentation: merge request checks on, failing only for issues a
 * merge request adds; fix MRs for new issues, none for the backlog (one
 * vulnerability per backlog MR when enabled); upgrade MRs off, at most 5
 * open, versions at least 21 days old.
 */
export const SNYK_SETTINGS_DEFAULTS = {
  pullRequestTestEnabled: true,
  pullRequestFailOnAnyVulns: false,
  pullRequestFailOnlyForHighSeverity: false,
  autoRemediationPrs: {
    freshPrsEnabled: true,
    backlogPrsEnabled: false,
    backlogPrStrategy: 'vuln',
    usePatchRemediation: false,
  },
  manualRemediationPrs: { usePatchRemediation: false },
  autoDepUpgradeEnabled: false,
  autoDepUpgradeLimit: 5,
  autoDepUpgradeIgnoredDependencies: [],
  autoDepUpgradeMinAge: 21,
  dockerfileSCMEnabled: true,
  pullRequestAssignment: { enabled: false, type: 'auto', assignees: [] },
};

type Check = (value: unknown) => boolean;
const bool: Check = v => typeof v === 'boolean';
const num: Check = v => typeof v === 'number' && Number.isFinite(v);
const strings: Check = v =>
  Array.isArray(v) && v.every(s => typeof s === 'string');
const oneOf =
  (...values: string[]): Check =>
  v =>
    typeof v === 'string' && values.includes(v);

/** Each setting Snyk takes and its type; nested objects list their fields. */
const FIELDS: Record<string, Check | Record<string, Check>> = {
  pullRequestTestEnabled: bool,
  pullRequestFailOnAnyVulns: bool,
  pullRequestFailOnlyForHighSeverity: bool,
  autoRemediationPrs: {
    freshPrsEnabled: bool,
    backlogPrsEnabled: bool,
    backlogPrStrategy: oneOf('vuln', 'dependency'),
    usePatchRemediation: bool,
  },
  manualRemediationPrs: { usePatchRemediation: bool },
  autoDepUpgradeEnabled: bool,
  autoDepUpgradeLimit: num,
  autoDepUpgradeIgnoredDependencies: strings,
  autoDepUpgradeMinAge: num,
  dockerfileSCMEnabled: bool,
  // Snyk takes the object form (its OpenAPI document says string; see README).
  pullRequestAssignment: {
    enabled: bool,
    type: oneOf('auto', 'manual'),
    assignees: strings,
  },
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first field of a settings body with a wrong type; unknown fields are ignored. */
function wrongField(body: Record<string, unknown>): string | undefined {
  for (const [name, check] of Object.entries(FIELDS)) {
    const value = body[name];
    if (value === undefined) continue;
    if (typeof check === 'function') {
      if (!check(value)) return name;
      continue;
    }
    if (!isObject(value)) return name;
    for (const [inner, innerCheck] of Object.entries(check)) {
      if (value[inner] !== undefined && !innerCheck(value[inner])) {
        return `${name}.${inner}`;
      }
    }
  }
  return undefined;
}

/** Settings merged field by field (nested objects too), unknown fields left out. */
function merge(
  base: Record<string, unknown>,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [name, check] of Object.entries(FIELDS)) {
    const value = changes[name];
    if (value === undefined) continue;
    if (typeof check === 'function' || !isObject(out[name])) {
      out[name] = value;
      continue;
    }
    const inner = Object.fromEntries(
      Object.keys(check)
        .filter(k => (value as Record<string, unknown>)[k] !== undefined)
        .map(k => [k, (value as Record<string, unknown>)[k]]),
    );
    out[name] = { ...(out[name] as object), ...inner };
  }
  return out;
}

function v1Error(res: Response, status: number, message: string) {
  res.status(status).json({ code: status, message, error: message });
}

/**
 * v1 `GET/PUT /org/{orgId}/integrations/{integrationId}/settings`, mounted on
 * the v1 router after its token check. A PUT merges and answers every setting.
 */
export function snykSettingsV1(world: World): express.Router {
  const router = express.Router();

  const integrationOf = (
    orgId: string,
    integrationId: string,
    res: Response,
  ): SnykOrg | undefined => {
    const org = world.snyk.orgs.find(o => o.id === orgId);
    if (!org) {
      v1Error(res, 404, 'Org not found');
      return undefined;
    }
    if (!Object.values(org.integrations).includes(integrationId)) {
      v1Error(res, 404, 'Integration not found');
      return undefined;
    }
    return org;
  };

  const current = (org: SnykOrg, integrationId: string) => ({
    ...structuredClone(SNYK_SETTINGS_DEFAULTS),
    ...structuredClone(org.integrationSettings[integrationId] ?? {}),
  });

  router.get('/org/:orgId/integrations/:integrationId/settings', (req, res) => {
    const { orgId, integrationId } = req.params;
    const org = integrationOf(orgId, integrationId, res);
    if (org) res.json(current(org, integrationId));
  });

  router.put('/org/:orgId/integrations/:integrationId/settings', (req, res) => {
    const { orgId, integrationId } = req.params;
    const org = integrationOf(orgId, integrationId, res);
    if (!org) return;
    if (!isObject(req.body)) {
      v1Error(res, 400, 'The body must be a JSON object of settings');
      return;
    }
    const wrong = wrongField(req.body);
    if (wrong) {
      v1Error(res, 400, `Invalid settings: ${wrong} has the wrong type`);
      return;
    }
    const saved = merge(current(org, integrationId), req.body);
    org.integrationSettings[integrationId] = saved;
    res.json(structuredClone(saved));
  });

  return router;
}

/** The endpoint's releases: experimental from 2024-02-08, GA from 2024-10-15. */
function releasedAt(version: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})(?:~(\w[\w-]*))?$/.exec(version);
  if (!match) return false;
  const [, date, stability] = match;
  if (date >= '2024-10-15') return true;
  return date >= '2024-02-08' && stability !== undefined;
}

/**
 * REST `GET /orgs/{org_id}/brokers/connections`, mounted on the REST router
 * after its token and version checks: the org's Universal Broker connections,
 * `limit` (1 to 100, 10 by default) per page, `links.next` with `starting_after`.
 */
export function brokerConnectionsRest(world: World): express.Router {
  const router = express.Router();

  router.get('/orgs/:orgId/brokers/connections', (req, res) => {
    if (!releasedAt(String(req.query.version))) {
      restError(res, 404, 'No version of this endpoint at the version asked');
      return;
    }
    const org = world.snyk.orgs.find(o => o.id === req.params.orgId);
    if (!org) {
      restError(res, 404, 'Org not found');
      return;
    }
    const limitText = req.query.limit === undefined ? '10' : req.query.limit;
    const limit = Number(limitText);
    if (
      typeof limitText !== 'string' ||
      !/^\d+$/.test(limitText) ||
      limit < 1 ||
      limit > 100
    ) {
      restError(res, 400, 'limit must be an integer from 1 to 100');
      return;
    }
    const all = org.brokerConnections;
    const page = cursorPage(req, res, all, limit);
    if (!page) return;
    const { slice, links } = page;
    res.type(REST_TYPE).send(
      JSON.stringify({
        jsonapi: JSONAPI,
        data: slice.map(c => ({
          id: c.id,
          type: 'broker_connection',
          attributes: {
            name: c.name,
            connection_type: c.connectionType,
            deployment_id: c.deploymentId,
            ...(c.context ? { context: c.context } : {}),
          },
        })),
        links,
      }),
    );
  });

  return router;
}
