import { InputError } from '@backstage/errors';
import {
  CatalogOption,
  EntityStatus,
  EntityStatusQuery,
  GroupIntegration,
  GroupIntegrationInput,
  IntegrationState,
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
    return (await this.presentedGroup())!;
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

  /** The saved group as shown, with Snyk's view of it. */
  private async presentedGroup() {
    const [group, inventory] = await Promise.all([
      this.deps.store.getGroupIntegration(),
      this.deps.store.getSnykInventory(),
    ]);
    return presentGroup(group, inventory);
  }

  /** The integrations in detail when `readable`, else only whether they are connected. */
  async state(readable: boolean): Promise<IntegrationState> {
    const group = await this.presentedGroup();
    const summary = {
      snykConfigured: this.deps.snykConfigured,
      readable,
      groupStatus: group?.status ?? 'not_configured',
      orgs: [],
      tokens: [],
      gitlabHosts: [],
    };
    if (!readable) return summary;
    return {
      ...summary,
      snykGroupId: this.deps.snykGroupId,
      group,
      orgs: await this.deps.orgService.list(),
      tokens: await this.tokens(),
      gitlabHosts: this.deps.gitlab.hosts(),
      repositoryCount: group
        ? await this.deps.store.countRepositories(group.host)
        : 0,
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
    const group = await this.deps.store.getGroupIntegration();
    if (!group) return { repositories: [] };
    const { orgService } = this.deps;
    // One more than asked, to know whether a next page exists.
    const page = await this.deps.store.listIndexPage(
      group.host,
      after,
      limit + 1,
      path => orgService.orgFor(group.host, path)?.orgId,
    );
    const repositories = page.slice(0, limit);
    const last = repositories[repositories.length - 1];
    return {
      defaultHost: group.host,
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
      [
        GroupIntegration | undefined,
        TokenCheck[],
        OrgIntegration[],
        SnykInventoryState | undefined,
      ]
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
      this.deps.store.getGroupIntegration(),
      this.tokens(),
      this.deps.orgService.list(),
      this.deps.store.getSnykInventory(),
    ]);
    this.cached = { at: now, changes, value };
    value.catch(() => {
      if (this.cached?.value === value) this.cached = undefined;
    });
    return value;
  }

  /** Everything one entity page needs: found by GitLab project slug or id, else by entity ref. */
  async entityStatus(query: EntityStatusQuery): Promise<EntityStatus> {
    const { store, orgService } = this.deps;
    const [savedGroup, tokens, orgs, inventory] = await this.settings();
    const group = presentGroup(savedGroup, inventory);
    const repository = await this.findRepository(query, group);
    const tokenHost = repository?.host ?? query.host ?? group?.host;
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

  /** By GitLab project id or slug on the host, else by an entity ref found in a catalog file. */
  async findRepository(
    query: EntityStatusQuery,
    group?: GroupIntegration,
  ): Promise<StoredRepository | undefined> {
    const { store } = this.deps;
    const host =
      query.host ?? (group ?? (await store.getGroupIntegration()))?.host;
    let repository;
    if (host && query.projectId !== undefined) {
      repository = await store.findRepository({
        host,
        projectId: query.projectId,
      });
    } else if (host && query.projectSlug) {
      repository = await store.findRepository({
        host,
        path: query.projectSlug,
      });
    }
    if (!repository && host && query.entityRef) {
      repository = await store.findRepository({
        host,
        entityRef: query.entityRef,
      });
    }
    return repository;
  }
}
