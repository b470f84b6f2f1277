import { NotFoundError } from '@backstage/errors';
import {
  BrokerConnectionsResponse,
  OrgGitlabSettings,
  OrgGitlabSettingsResponse,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { isDeepStrictEqual } from 'node:util';
import { SnykClient } from '../clients/SnykClient';
import { SnykOrgConfig } from '../config';
import { SnykGitlabStore } from '../database/SnykGitlabStore';
import { requireSnyk } from './requireSnyk';

/** The settings with `changes` applied; nested objects keep the fields not given. */
export function applySettings(
  current: OrgGitlabSettings,
  changes: OrgGitlabSettings,
): OrgGitlabSettings {
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const before = out[key];
    out[key] =
      typeof value === 'object' &&
      !Array.isArray(value) &&
      typeof before === 'object' &&
      before !== null &&
      !Array.isArray(before)
        ? { ...before, ...value }
        : value;
  }
  return out as OrgGitlabSettings;
}

/**
 * The settings of each Snyk org's GitLab integration (Snyk v1) and the
 * org's Universal Broker connections (Snyk REST), for configured orgs only.
 */
export class OrgSettingsService {
  constructor(
    private readonly deps: {
      store: SnykGitlabStore;
      snyk?: SnykClient;
      orgs: SnykOrgConfig[];
    },
  ) {}

  private requireSnyk(): SnykClient {
    return requireSnyk(this.deps.snyk);
  }

  private requireOrg(orgId: string) {
    if (!this.deps.orgs.some(o => o.orgId === orgId)) {
      throw new NotFoundError(
        `${orgId} is not one of the Snyk orgs in snykGitlab.snyk.orgs`,
      );
    }
  }

  /** The Snyk id of the org's GitLab integration, as saved by the org-level save. */
  private async integrationId(orgId: string): Promise<string> {
    this.requireOrg(orgId);
    const saved = (await this.deps.store.listOrgIntegrations()).find(
      o => o.orgId === orgId,
    );
    if (!saved?.snykIntegrationId) {
      throw new NotFoundError(
        `No GitLab integration of Snyk org ${orgId} is known: save the org-level integration first`,
      );
    }
    return saved.snykIntegrationId;
  }

  async get(orgId: string): Promise<OrgGitlabSettingsResponse> {
    const integrationId = await this.integrationId(orgId);
    const snyk = this.requireSnyk();
    return {
      orgId,
      integrationId,
      settings: await snyk.getIntegrationSettings(orgId, integrationId),
    };
  }

  /**
   * Writes the settings changed to Snyk (nested objects whole, so that no
   * field of theirs depends on how Snyk merges) and audits what changed.
   */
  async update(
    orgId: string,
    changes: OrgGitlabSettings,
    actor: string,
  ): Promise<OrgGitlabSettingsResponse> {
    const integrationId = await this.integrationId(orgId);
    const snyk = this.requireSnyk();
    const current = await snyk.getIntegrationSettings(orgId, integrationId);
    const wanted = applySettings(current, changes);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    const body: Record<string, unknown> = {};
    for (const key of Object.keys(changes) as Array<keyof OrgGitlabSettings>) {
      if (isDeepStrictEqual(current[key], wanted[key])) continue;
      changed[key] = { from: current[key] ?? null, to: wanted[key] };
      body[key] = wanted[key];
    }
    const settings = Object.keys(body).length
      ? await snyk.updateIntegrationSettings(orgId, integrationId, body)
      : current;
    await this.deps.store.audit({
      actor,
      action: 'org.settings.save',
      subject: orgId,
      details: { integrationId, changed },
    });
    return { orgId, integrationId, settings };
  }

  async brokerConnections(orgId: string): Promise<BrokerConnectionsResponse> {
    this.requireOrg(orgId);
    const { connections, truncated } =
      await this.requireSnyk().listBrokerConnections(orgId);
    return { connections, ...(truncated ? { truncated } : {}) };
  }
}
