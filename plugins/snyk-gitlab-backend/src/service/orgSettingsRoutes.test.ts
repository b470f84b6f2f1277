import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  CANARY_PAT,
  CANARY_SNYK_TOKEN,
  ORG_ID,
  StandIns,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { startRouteBackend } from '../__testUtils__/routeBackend';
import { clearTables, PLUGIN_TABLES } from '../__testUtils__/services';

const databases = createTestDatabases();
const READ = 'snyk-gitlab.integration.read';
const MANAGE = 'snyk-gitlab.integration.manage';

describe.each(databases.eachSupportedId())(
  'org settings and broker connections routes on %s',
  databaseId => {
    let knex: Knex;
    let standIns: StandIns;
    const responses: string[] = [];

    /** A backend whose policy allows only the permissions named. */
    async function backend(allow: string[] = [READ, MANAGE]) {
      const api = await startRouteBackend({ knex, standIns, allow });
      const record = (res: request.Response) => {
        responses.push(JSON.stringify(res.headers), res.text);
        return res;
      };
      return {
        get: (path: string) => api.get(path).then(record),
        put: (path: string, body?: unknown) =>
          api.put(path, body as object).then(record),
      };
    }

    const settingsPath = `/integrations/orgs/${ORG_ID}/settings`;
    const org = () => standIns.world.snyk.orgs[0];
    const auditRows = () =>
      knex('audit_log')
        .orderBy('id')
        .then(rows =>
          rows.map(r => ({
            action: r.action,
            subject: r.subject,
            details: JSON.parse(r.details),
          })),
        );

    /** No secret in any answer so far, nor in any row. */
    async function expectNoSecrets() {
      const rows = [];
      for (const table of PLUGIN_TABLES) rows.push(...(await knex(table)));
      const seen = [...responses, JSON.stringify(rows)].join('\n');
      expect(seen).not.toContain(CANARY_PAT);
      expect(seen).not.toContain(CANARY_SNYK_TOKEN);
    }

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
    });
    beforeEach(async () => {
      standIns = await startStandIns({ world: testWorld() });
      if (await knex.schema.hasTable('audit_log')) await clearTables(knex);
    });
    afterEach(() => standIns.close());

    it('reads and saves the settings of the org integration, audited', async () => {
      const api = await backend();
      const before = await api.get(settingsPath);
      expect(before.status).toBe(404);
      expect(before.body.error.message).toContain(
        'save the org-level integration first',
      );
      expect((await api.put(`/integrations/orgs/${ORG_ID}`)).status).toBe(200);
      const integrationId = org().integrations.gitlab;

      const read = await api.get(settingsPath);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        orgId: ORG_ID,
        integrationId,
        settings: expect.objectContaining({
          pullRequestTestEnabled: true,
          pullRequestFailOnAnyVulns: false,
          autoDepUpgradeEnabled: false,
          autoDepUpgradeLimit: 5,
          autoRemediationPrs: expect.objectContaining({
            freshPrsEnabled: true,
            backlogPrsEnabled: false,
          }),
          pullRequestAssignment: {
            enabled: false,
            type: 'auto',
            assignees: [],
          },
        }),
      });

      standIns.faults.requests.length = 0;
      const saved = await api.put(settingsPath, {
        pullRequestTestEnabled: true,
        autoRemediationPrs: { backlogPrsEnabled: true },
        autoDepUpgradeLimit: 3,
        pullRequestAssignment: {
          enabled: true,
          type: 'manual',
          assignees: ['alice'],
        },
      });
      expect(saved.status).toBe(200);
      expect(saved.body.settings).toMatchObject({
        pullRequestTestEnabled: true,
        autoDepUpgradeLimit: 3,
        autoRemediationPrs: { freshPrsEnabled: true, backlogPrsEnabled: true },
        pullRequestAssignment: {
          enabled: true,
          type: 'manual',
          assignees: ['alice'],
        },
      });
      // Only what changed went to Snyk, nested objects whole, the object form.
      const put = standIns.faults.requests.find(r => r.method === 'PUT');
      expect(put?.body).toEqual({
        autoRemediationPrs: {
          freshPrsEnabled: true,
          backlogPrsEnabled: true,
          backlogPrStrategy: 'vuln',
          usePatchRemediation: false,
        },
        autoDepUpgradeLimit: 3,
        pullRequestAssignment: {
          enabled: true,
          type: 'manual',
          assignees: ['alice'],
        },
      });
      expect(
        org().integrationSettings[integrationId].pullRequestAssignment,
      ).toEqual({ enabled: true, type: 'manual', assignees: ['alice'] });

      const audit = (await auditRows()).filter(
        r => r.action === 'org.settings.save',
      );
      expect(audit).toEqual([
        {
          action: 'org.settings.save',
          subject: ORG_ID,
          details: {
            integrationId,
            changed: {
              autoRemediationPrs: {
                from: expect.objectContaining({ backlogPrsEnabled: false }),
                to: expect.objectContaining({ backlogPrsEnabled: true }),
              },
              autoDepUpgradeLimit: { from: 5, to: 3 },
              pullRequestAssignment: {
                from: { enabled: false, type: 'auto', assignees: [] },
                to: { enabled: true, type: 'manual', assignees: ['alice'] },
              },
            },
          },
        },
      ]);
      expect((await api.get('/audit')).body.items[0]).toMatchObject({
        actor: 'user:default/admin',
        action: 'org.settings.save',
      });
      await expectNoSecrets();
    });

    it('reads the string form of pullRequestAssignment and writes the object form', async () => {
      const api = await backend();
      await api.put(`/integrations/orgs/${ORG_ID}`);
      const integrationId = org().integrations.gitlab;
      org().integrationSettings[integrationId] = {
        pullRequestAssignment: 'manual',
      };
      const read = await api.get(settingsPath);
      expect(read.body.settings.pullRequestAssignment).toEqual({
        type: 'manual',
      });
      const saved = await api.put(settingsPath, {
        pullRequestAssignment: { enabled: true, assignees: ['bob'] },
      });
      expect(saved.status).toBe(200);
      expect(
        org().integrationSettings[integrationId].pullRequestAssignment,
      ).toEqual({ type: 'manual', enabled: true, assignees: ['bob'] });
      expect(saved.body.settings.pullRequestAssignment).toEqual({
        type: 'manual',
        enabled: true,
        assignees: ['bob'],
      });
      await expectNoSecrets();
    });

    it('refuses a bad body with a 400 naming the field', async () => {
      const api = await backend();
      await api.put(`/integrations/orgs/${ORG_ID}`);
      const cases: Array<[unknown, string]> = [
        [
          { autoDepUpgradeLimit: 'five' },
          'autoDepUpgradeLimit: Expected number',
        ],
        [
          { autoDepUpgradeLimit: 11 },
          'autoDepUpgradeLimit: Number must be less',
        ],
        [
          { pullRequestTestEnabled: 1 },
          'pullRequestTestEnabled: Expected boolean',
        ],
        [{ surprise: true }, "Unrecognized key(s) in object: 'surprise'"],
        [
          { autoRemediationPrs: { everything: true } },
          "autoRemediationPrs: Unrecognized key(s) in object: 'everything'",
        ],
        [
          { pullRequestAssignment: 'manual' },
          'pullRequestAssignment: Expected object, received string',
        ],
        [
          { pullRequestAssignment: { type: 'sometimes' } },
          'pullRequestAssignment.type: Invalid enum value',
        ],
        [
          { autoDepUpgradeIgnoredDependencies: ['ok', 'bad\u0000'] },
          'autoDepUpgradeIgnoredDependencies.1: must not contain control characters',
        ],
        [{}, 'settings: give at least one setting to change'],
        [[], 'settings: Expected object, received array'],
      ];
      for (const [body, message] of cases) {
        const res = await api.put(settingsPath, body);
        expect([res.status, res.body.error.message]).toEqual([
          400,
          expect.stringContaining(message),
        ]);
      }
      expect(
        (await api.get('/integrations/orgs/bad%20id/settings')).body.error
          .message,
      ).toContain('orgId: must be letters, digits, - or _');
      // Nothing reached Snyk's settings.
      expect(
        standIns.faults.requests.filter(
          r => r.method === 'PUT' && r.path.endsWith('/settings'),
        ),
      ).toEqual([]);
    });

    it('lets readers read and only managers save', async () => {
      // Saved by a manager first.
      const manager = await backend();
      await manager.put(`/integrations/orgs/${ORG_ID}`);

      const reader = await backend([READ]);
      expect((await reader.get(settingsPath)).status).toBe(200);
      expect(
        (await reader.get(`/integrations/orgs/${ORG_ID}/broker-connections`))
          .status,
      ).toBe(200);
      const refused = await reader.put(settingsPath, {
        pullRequestTestEnabled: false,
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        `You are not allowed to ${MANAGE}`,
      );

      const nobody = await backend([]);
      expect((await nobody.get(settingsPath)).status).toBe(403);
      expect(
        (await nobody.get(`/integrations/orgs/${ORG_ID}/broker-connections`))
          .status,
      ).toBe(403);

      expect(
        (await auditRows()).filter(r => r.action.startsWith('org.settings')),
      ).toEqual([
        expect.objectContaining({
          action: 'org.settings.save.denied',
          subject: ORG_ID,
        }),
      ]);
      expect(org().integrationSettings).toEqual({});
    });

    it('lists the org broker connections, every page', async () => {
      const api = await backend();
      org().brokerConnections = Array.from({ length: 130 }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        name: `broker-${i}`,
        connectionType: 'gitlab',
        deploymentId: '2b7e9d1c-3a4f-4e5b-9c6d-7e8f9a0b1c2d',
        ...(i === 0 ? { context: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' } : {}),
      }));
      const res = await api.get(
        `/integrations/orgs/${ORG_ID}/broker-connections`,
      );
      expect(res.status).toBe(200);
      expect(res.body.truncated).toBeUndefined();
      expect(res.body.connections).toHaveLength(130);
      expect(res.body.connections[0]).toEqual({
        id: '00000000-0000-4000-8000-000000000000',
        name: 'broker-0',
        connectionType: 'gitlab',
        deploymentId: '2b7e9d1c-3a4f-4e5b-9c6d-7e8f9a0b1c2d',
        context: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      });
      expect(standIns.faults.count('snyk', /\/brokers\/connections$/)).toBe(2);

      // Only the orgs the portal is configured with.
      expect(
        (await api.get('/integrations/orgs/other-org/broker-connections'))
          .status,
      ).toBe(404);
    });

    it('answers 502 with the reason when Snyk fails', async () => {
      const api = await backend();
      await api.put(`/integrations/orgs/${ORG_ID}`);
      standIns.faults.add({
        service: 'snyk',
        path: /\/settings$/,
        status: 403,
        body: JSON.stringify({ code: 403, message: 'Forbidden' }),
      });
      const settings = await api.get(settingsPath);
      expect(settings.status).toBe(502);
      expect(settings.body.error.message).toContain('403');
      const save = await api.put(settingsPath, {
        pullRequestTestEnabled: false,
      });
      expect(save.status).toBe(502);
      standIns.faults.add({
        service: 'snyk',
        path: /\/brokers\/connections$/,
        status: 401,
        contentType: 'application/vnd.api+json',
        body: JSON.stringify({
          jsonapi: { version: '1.0' },
          errors: [{ status: '401', detail: 'Unauthorized' }],
        }),
      });
      expect(
        (await api.get(`/integrations/orgs/${ORG_ID}/broker-connections`))
          .status,
      ).toBe(502);
      expect(
        (await auditRows()).filter(
          r => r.action === 'org.settings.save.failed',
        ),
      ).toHaveLength(1);
      await expectNoSecrets();
    });
  },
);
