import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AttributeValues,
  CATALOG_ATTRIBUTES,
  CatalogAttribute,
  GroupIntegration,
  GroupStatusSource,
  IntegrationStatus,
  SnykInventoryState,
  safeLink,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { GitlabAccess } from '../clients/GitlabAccess';
import { SnykAssetInfo, SnykClient } from '../clients/SnykClient';
import { ApiError } from '../clients/http';
import { cleanText } from '../database/clean';
import { SnykGitlabStore, StoredSnykAsset } from '../database/SnykGitlabStore';

const now = () => new Date().toISOString();
/** Longest attribute value kept from Snyk's answer. */
const MAX_VALUE_LENGTH = 1024;

/** `catalog_name`, `catalogName` and `Catalog name` all name one attribute. */
const ATTRIBUTE_KEYS = new Map<string, CatalogAttribute>(
  CATALOG_ATTRIBUTES.map(a => [a.toLowerCase(), a]),
);

/**
 * The catalog attributes in an asset's `app_context`. The published contract
 * leaves that object's shape open: keys naming one of Snyk's six attributes
 * (any case, `_` or space) with a text value are read; anything else is not.
 */
export function appContextAttributes(
  appContext: Record<string, unknown> | undefined,
): AttributeValues {
  const values: AttributeValues = {};
  for (const [key, value] of Object.entries(appContext ?? {})) {
    const attribute = ATTRIBUTE_KEYS.get(
      key.toLowerCase().replace(/[^a-z]/g, ''),
    );
    if (!attribute || typeof value !== 'string') continue;
    const text = cleanText(value, MAX_VALUE_LENGTH).trim();
    if (text) values[attribute] = text;
  }
  return values;
}

/** The places a repository URL of the host may start with. */
function urlPrefixes(host: string, baseUrl?: string) {
  const prefixes = [`https://${host}/`, `http://${host}/`];
  if (baseUrl) prefixes.unshift(`${baseUrl.replace(/\/+$/, '')}/`);
  return [...new Set(prefixes)];
}

/** The GitLab project path of an asset's URL on the host, if it is there. */
export function repositoryPathOf(
  url: string | undefined,
  host: string,
  baseUrl?: string,
): string | undefined {
  if (!url) return undefined;
  const lower = url.toLowerCase();
  // The longest prefix first: a self-managed GitLab may live under a path.
  const prefix = urlPrefixes(host, baseUrl)
    .sort((a, b) => b.length - a.length)
    .find(p => lower.startsWith(p.toLowerCase()));
  if (!prefix) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(url.slice(prefix.length).split(/[?#]/)[0] ?? '');
  } catch {
    return undefined;
  }
  path = path.replace(/\/+$/, '').replace(/\.git$/i, '');
  const clean = cleanText(path, 1024);
  return clean && clean === path && !clean.startsWith('/') ? clean : undefined;
}

/**
 * Whether Snyk's inventory was read for the host (now, or at a last good read
 * that a passing failure kept), so it says which repositories Snyk has.
 */
export function inventoryRead(
  inventory: SnykInventoryState | undefined,
  host: string,
): inventory is SnykInventoryState & { readAt: string } {
  return Boolean(
    inventory &&
      inventory.host === host &&
      inventory.readAt !== undefined &&
      (inventory.availability === 'available' ||
        inventory.availability === 'failed'),
  );
}

/**
 * The group status shown: Snyk's own view when it could be read (partially
 * connected until Snyk's inventory holds repositories of the host, then
 * connected), else the portal's own sync, as before. A failed portal sync is
 * always shown.
 */
export function groupStatus(
  group: GroupIntegration,
  inventory: SnykInventoryState | undefined,
): {
  status: IntegrationStatus;
  statusReason?: string;
  statusSource: GroupStatusSource;
} {
  if (
    group.status === 'failed' ||
    !inventoryRead(inventory, group.host) ||
    inventory.repositoryCount === undefined
  ) {
    return {
      status: group.status,
      statusReason: group.statusReason,
      statusSource: 'portal_sync',
    };
  }
  if (inventory.repositoryCount > 0) {
    return { status: 'connected', statusSource: 'snyk_inventory' };
  }
  return {
    status: 'partially_connected',
    statusReason: `Snyk's inventory shows no repository from ${group.host} yet: Snyk's group-level integration has not synchronized it`,
    statusSource: 'snyk_inventory',
  };
}

/**
 * Snyk's own view of the group-level integration: the repositories from the
 * integration's GitLab host in Snyk's inventory, read through the REST Assets
 * API (beta) at each sync.
 */
export class SnykInventoryService {
  constructor(
    private readonly deps: {
      store: SnykGitlabStore;
      gitlab: GitlabAccess;
      snyk?: SnykClient;
      groupId?: string;
      logger: LoggerService;
    },
  ) {}

  /**
   * Reads Snyk's inventory for each group-level profile's host and records
   * it. A 403 or 404 (or no group id) is recorded as such and Snyk's view is
   * forgotten; any other failure keeps the last good read. Once `signal`
   * aborts nothing is written. One host's failure leaves the others' reads.
   */
  async refresh(signal?: AbortSignal): Promise<SnykInventoryState[]> {
    const states: SnykInventoryState[] = [];
    for (const group of await this.deps.store.listGroupIntegrations()) {
      if (signal?.aborted) break;
      try {
        const state = await this.refreshHost(group, signal);
        if (state) states.push(state);
      } catch (error) {
        this.deps.logger.warn(
          `Could not record Snyk's inventory of ${group.host}: ${
            (error as Error).message
          }`,
        );
      }
    }
    return states;
  }

  private async refreshHost(
    group: GroupIntegration,
    signal?: AbortSignal,
  ): Promise<SnykInventoryState | undefined> {
    const { store, snyk, groupId } = this.deps;
    if (signal?.aborted) return undefined;
    const base = { host: group.host, groupId, checkedAt: now() };
    if (!snyk || !groupId) {
      const state: SnykInventoryState = {
        ...base,
        availability: 'not_configured',
        reason: snyk
          ? 'No Snyk group id is configured (snykGitlab.snyk.groupId)'
          : 'Snyk is not configured (snykGitlab.snyk.token)',
      };
      await store.recordSnykInventory(state, []);
      return state;
    }
    const baseUrl = this.deps.gitlab.forHost(group.host)?.baseUrl;
    let found: SnykAssetInfo[];
    try {
      found = await snyk.searchAssets(groupId, {
        urlPrefixes: urlPrefixes(group.host, baseUrl),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) return undefined;
      return this.recordFailure({ ...base, groupId }, error);
    }
    if (signal?.aborted) return undefined;
    const assets: StoredSnykAsset[] = [];
    const allowed = [group.host, ...(baseUrl ? [baseUrl] : [])];
    for (const a of found) {
      if (a.removed) continue;
      const path = repositoryPathOf(a.repositoryUrl, group.host, baseUrl);
      if (!path) continue;
      assets.push({
        host: group.host,
        path,
        assetId: a.id,
        name: a.name,
        repositoryUrl: a.repositoryUrl,
        browseUrl:
          safeLink(a.browseUrl, allowed) ?? safeLink(a.repositoryUrl, allowed),
        updatedAt: a.updatedAt,
        repositoryFreshness: a.repositoryFreshness,
        attributes: appContextAttributes(a.appContext),
        archived: a.archived,
      });
    }
    const state: SnykInventoryState = {
      ...base,
      availability: 'available',
      repositoryCount: new Set(assets.map(a => a.path.toLowerCase())).size,
      readAt: base.checkedAt,
    };
    await store.recordSnykInventory(state, assets);
    return state;
  }

  private async recordFailure(
    base: { host: string; groupId: string; checkedAt: string },
    error: unknown,
  ): Promise<SnykInventoryState> {
    const { store, logger } = this.deps;
    const status = error instanceof ApiError ? error.status : undefined;
    logger.warn(
      `Could not read Snyk's inventory of group ${base.groupId}: ${
        (error as Error).message
      }`,
    );
    if (status === 403 || status === 404) {
      const state: SnykInventoryState = {
        ...base,
        availability: status === 403 ? 'forbidden' : 'not_found',
        reason:
          status === 403
            ? `Snyk answered 403 to the assets search of group ${base.groupId}: the Snyk token may not read this group's inventory`
            : `Snyk answered 404 to the assets search of group ${base.groupId}: Snyk knows no such group, or the beta Assets API is not available to it`,
      };
      await store.recordSnykInventory(state, []);
      return state;
    }
    const previous = await store.getSnykInventory(base.host);
    const keep =
      previous?.readAt !== undefined &&
      previous.host === base.host &&
      previous.groupId === base.groupId;
    const state: SnykInventoryState = {
      ...base,
      availability: 'failed',
      reason:
        error instanceof ApiError
          ? error.message
          : "Snyk's inventory could not be read; the backend log has the details",
      repositoryCount: keep ? previous.repositoryCount : undefined,
      readAt: keep ? previous.readAt : undefined,
    };
    await store.recordSnykInventory(state, keep ? undefined : []);
    return state;
  }
}
