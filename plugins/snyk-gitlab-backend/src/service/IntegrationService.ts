import { InputError, NotFoundError } from '@backstage/errors';
import {
  CatalogOption,
  EntityStatus,
  EntityStatusQuery,
  GroupIntegration,
  GroupIntegrationInput,
  IntegrationState,
  IntegrationStatus,
  OrgIntegration,
  RepositoryIndex,
  SnykInventoryState,
  TokenCheck,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { GitlabAccess } from '../clients/GitlabAccess';
import { SnykGitlabStore, StoredRepository } from '../database/SnykGitlabStore';
import { checkToken } from './checkToken';
import { SnykOrgService, publicImportJob } from './SnykOrgService';
import { groupStatus, inventoryRead } from './SnykInventoryService';

const SETTINGS_TTL_MS = 1000;

/**
 * All profiles' status as one: not configured without any; failed when any
 * failed; connected when all are; else partially connected.
 */
export function profilesStatus(groups: GroupIntegration[]): IntegrationStatus {
  if (!groups.length) return 'not_configured';
  if (groups.some(g => g.status === 'failed')) return 'failed';
  if (groups.every(g => g.status === 'connected')) return 'connected';
  return 'partially_connected';
}

/**
 * The group as shown: its status from Snyk's own inventory when that could be
 * read for the group's host, else from the portal's sync (`portalSyncStatus`
 * keeps the latter either way).
 */
export function presentGroup(
  group: GroupIntegration | undefined,
  inventory: SnykInventoryState | undefined,
): GroupIntegration | undefined {
  if (!group) return undefined;
  const snykInventory = inventory?.host === group.host ? inventory : undefined;
  return {
    ...group,
    ...groupStatus(group, snykInventory),
    portalSyncStatus: group.status,
    snykInventory,
  };
}

/** An entity status without what needs `snyk-gitlab.integration.read`. */
export function entityStatusWithoutDetails(status: EntityStatus): EntityStatus {
  const inventory = status.group?.snykInventory;
  return {
    ...status,
    token: undefined,
    group: status.group && {
      ...status.group,
      snykInventory: inventory && {
        ...inventory,
        groupId: undefined,
        repositoryCount: undefined,
      },
    },
  };
}

/** The group-level integration and the read models served to the portal. */
export class IntegrationService {
  constructor(
    private readonly deps: {
      store: SnykGitlabStore;
      gitlab: GitlabAccess;
      orgService: SnykOrgService;
      catalogDefaults: CatalogOption;
      snykConfigured: boolean;
      snykGroupId?: string;
    },
  ) {}

  /**
   * Saves the group-level integration after checking the host's PAT. A saved
   * integration is partially connected until the next good sync.
   */
  async saveGroup(
    input: GroupIntegrationInput,
    actor: string,
  ): Promise<GroupIntegration> {
    if (!this.deps.gitlab.isConfigured(input.host)) {
      throw new InputError(
        `host: ${
          input.host
        } is not a GitLab host in integrations.gitlab (configured: ${
          this.deps.gitlab.hosts().join(', ') || 'none'
        })`,
      );
    }
    const defaults = this.deps.catalogDefaults;
    const catalog: CatalogOption = {
      enabled: input.catalog?.enabled ?? defaults.enabled,
      filename: input.catalog?.filename ?? defaults.filename,
      attributes: input.catalog?.attributes ?? defaults.attributes,
    };
    if (
      catalog.enabled &&
      !Object.values(catalog.attributes).some(paths => paths?.length)
    ) {
      throw new InputError(
        'Invalid group integration: catalog.attributes: select at least one attribute; Snyk requires one',
      );
    }
    const token = await checkToken(this.deps.gitlab, input.host);
    await this.deps.store.saveTokenCheck(token);
    if (!token.ok) throw new InputError(`host: ${token.problem}`);
    await this.deps.store.transaction(async tx => {
      await tx.saveGroupIntegration({
        profileName: input.profileName,
        host: input.host,
        catalog,
        status: 'partially_connected',
        statusReason: 'Saved; the inventory fills at the next synchronization',
        updatedBy: actor,
      });
      await tx.audit({
        actor,
        action: 'group.save',
        subject: input.profileName,
        details: { host: input.host, catalog },
      });
    });
    const [group, inventory] = await Promise.all([
      this.deps.store.getGroupIntegration(input.host),
      this.deps.store.getSnykInventory(input.host),
    ]);
    return presentGroup(group, inventory)!;
  }

  /** Removes the profile of a host, with the host's inventory. */
  async deleteGroup(host: string, actor: string): Promise<void> {
    await this.deps.store.transaction(async tx => {
      const group = await tx.getGroupIntegration(host);
      if (!group || !(await tx.deleteGroupIntegration(host))) {
        throw new NotFoundError(`No group-level profile for ${host}`);
      }
      await tx.audit({
        actor,
        action: 'group.delete',
        subject: group.profileName,
        details: { host },
      });
    });
  }

  /**
   * Saves the profiles of `snykGitlab.initialGroupProfiles`, each once ever:
   * never over a saved profile, and not again after it was deleted.
   */
  async saveInitialProfiles(
    profiles: Array<{ profileName: string; host: string }>,
  ): Promise<void> {
    for (const { profileName, host } of profiles) {
      if (!this.deps.gitlab.isConfigured(host)) {
        throw new Error(
          `Invalid snykGitlab.initialGroupProfiles: ${host} is not a GitLab host in integrations.gitlab`,
        );
      }
      await this.deps.store.seedGroupIntegration({
        profileName,
        host,
        catalog: this.deps.catalogDefaults,
        statusReason:
          'Saved from app-config; the inventory fills at the next synchronization',
      });
    }
  }

  /**
   * The profiles' hosts in `integrations.gitlab` order (hosts no longer
   * configured last): the first is the default host for slugs without one.
   */
  private profileHosts(groups: GroupIntegration[]): string[] {
    const configured = this.deps.gitlab.hosts();
    const rank = (host: string) => {
      const i = configured.indexOf(host);
      return i < 0 ? configured.length : i;
    };
    return groups
      .map(g => g.host)
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en'));
  }

  /** The host for slugs that carry none; see {@link RepositoryIndex.defaultHost}. */
  async defaultHost(): Promise<string | undefined> {
    return this.profileHosts(await this.deps.store.listGroupIntegrations())[0];
  }

  /** The configured GitLab hosts, to read an entity's host from its location. */
  gitlabHosts(): string[] {
    return this.deps.gitlab.hosts();
  }

  async tokens(): Promise<TokenCheck[]> {
    const checked = new Map(
      (await this.deps.store.listTokenChecks()).map(t => [t.host, t]),
    );
    return this.deps.gitlab.hosts().map(host => {
      const configured = this.deps.gitlab.hasToken(host);
      return (
        checked.get(host) ?? {
          host,
          configured,
          ok: false,
          scopes: [],
          missingScopes: [],
          missingOrgScopes: [],
          missingRecommended: [],
          problem: configured
            ? 'Not checked yet; it is checked when the group-level integration is saved or synced'
            : `No GitLab token is configured for ${host} in integrations.gitlab`,
        }
      );
    });
  }

  /** The saved profiles as shown (by profile name), with Snyk's view of each. */
  private async presentedGroups(): Promise<GroupIntegration[]> {
    const [groups, inventories] = await Promise.all([
      this.deps.store.listGroupIntegrations(),
      this.deps.store.listSnykInventories(),
    ]);
    return groups.map(
      g =>
        presentGroup(
          g,
          inventories.find(i => i.host === g.host),
        )!,
    );
  }

  /** The integrations in detail when `readable`, else only whether they are connected. */
  async state(readable: boolean): Promise<IntegrationState> {
    const presented = await this.presentedGroups();
    const summary = {
      snykConfigured: this.deps.snykConfigured,
      readable,
      groupStatus: profilesStatus(presented),
      groups: [],
      orgs: [],
      tokens: [],
      gitlabHosts: [],
    };
    if (!readable) return summary;
    const groups = await Promise.all(
      presented.map(async g => ({
        ...g,
        repositoryCount: await this.deps.store.countRepositories(g.host),
      })),
    );
    return {
      ...summary,
      snykGroupId: this.deps.snykGroupId,
      groups,
      group: groups[0],
      orgs: await this.deps.orgService.list(),
      tokens: await this.tokens(),
      gitlabHosts: this.deps.gitlab.hosts(),
      repositoryCount: groups.reduce((n, g) => n + g.repositoryCount, 0),
    };
  }

  /**
   * One page of repositories with their Snyk org and target, for the catalog
   * module, in (host, project id) order after `after`.
   */
  async index(
    after: { host: string; projectId: number } | undefined,
    limit: number,
  ): Promise<RepositoryIndex> {
    const hosts = this.profileHosts(
      await this.deps.store.listGroupIntegrations(),
    );
    if (!hosts.length) return { repositories: [] };
    const { orgService } = this.deps;
    // One more than asked, to know whether a next page exists.
    const page = await this.deps.store.listIndexPage(
      hosts,
      after,
      limit + 1,
      (host, path) => orgService.orgFor(host, path)?.orgId,
    );
    const repositories = page.slice(0, limit);
    const last = repositories[repositories.length - 1];
    return {
      defaultHost: hosts[0],
      repositories,
      // Read back by indexQuery in validation.ts.
      nextCursor:
        page.length > limit
          ? Buffer.from(JSON.stringify([last.host, last.projectId])).toString(
              'base64url',
            )
          : undefined,
    };
  }

  private cached?: {
    at: number;
    changes: number;
    value: Promise<
      [GroupIntegration[], TokenCheck[], OrgIntegration[], SnykInventoryState[]]
    >;
  };

  /**
   * The integrations every entity page shows. They change only when saved or
   * synced: read again after any change made by this process, and at least
   * once a second (changes made by another replica).
   */
  private settings() {
    const now = Date.now();
    const changes = this.deps.store.settingsChanges();
    const cached = this.cached;
    if (
      cached &&
      cached.changes === changes &&
      now - cached.at < SETTINGS_TTL_MS
    ) {
      return cached.value;
    }
    const value = Promise.all([
      this.deps.store.listGroupIntegrations(),
      this.tokens(),
      this.deps.orgService.list(),
      this.deps.store.listSnykInventories(),
    ]);
    this.cached = { at: now, changes, value };
    value.catch(() => {
      if (this.cached?.value === value) this.cached = undefined;
    });
    return value;
  }

  /**
   * Everything one entity page needs: found by GitLab project slug or id,
   * else by entity ref; `group` is the profile of the repository's host (else
   * of the queried host, else the default host).
   */
  async entityStatus(query: EntityStatusQuery): Promise<EntityStatus> {
    const { store, orgService } = this.deps;
    const [groups, tokens, orgs, inventories] = await this.settings();
    const hosts = this.profileHosts(groups);
    const repository = await this.findRepository(query, hosts);
    const tokenHost = repository?.host ?? query.host ?? hosts[0];
    const inventory = inventories.find(i => i.host === tokenHost);
    const group = presentGroup(
      groups.find(g => g.host === tokenHost),
      inventory,
    );
    const orgId =
      repository && orgService.orgFor(repository.host, repository.path)?.orgId;
    const org = orgs.find(o => o.orgId === orgId);
    const [target, job, snykAsset] = repository
      ? await Promise.all([
          org ? store.findTarget(org.orgId, repository.path) : undefined,
          store.latestImportJob(repository.host, repository.projectId),
          inventoryRead(inventory, repository.host)
            ? store.findSnykAsset(repository.host, repository.path)
            : undefined,
        ])
      : [undefined, undefined, undefined];
    return {
      group,
      org,
      token: tokens.find(t => t.host === tokenHost),
      repository: repository
        ? {
            host: repository.host,
            projectId: repository.projectId,
            path: repository.path,
            defaultBranch: repository.defaultBranch,
            webUrl: repository.webUrl,
            catalogFile: repository.catalogFile,
            entityRefs: repository.entityRefs,
            syncedAt: repository.syncedAt,
          }
        : undefined,
      target,
      importJob: job ? publicImportJob(job) : undefined,
      snykAsset,
    };
  }

  /**
   * By GitLab project id or slug, else by an entity ref found in a catalog
   * file: on the queried host, or else on each profile's host in turn (the
   * default host first). A project id without a host is looked up on the
   * default host only: ids are numbered per host, so another host's project
   * with that id is another project.
   */
  async findRepository(
    query: EntityStatusQuery,
    profileHosts?: string[],
  ): Promise<StoredRepository | undefined> {
    const { store } = this.deps;
    const hosts = query.host
      ? [query.host]
      : profileHosts ?? this.profileHosts(await store.listGroupIntegrations());
    for (const host of hosts) {
      let repository;
      if (query.projectId !== undefined) {
        if (host !== hosts[0]) break;
        repository = await store.findRepository({
          host,
          projectId: query.projectId,
        });
      } else if (query.projectSlug) {
        repository = await store.findRepository({
          host,
          path: query.projectSlug,
        });
      }
      if (repository) return repository;
    }
    if (!query.entityRef) return undefined;
    for (const host of hosts) {
      const repository = await store.findRepository({
        host,
        entityRef: query.entityRef,
      });
      if (repository) return repository;
    }
    return undefined;
  }
}
