import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  CatalogOption,
  GroupIntegration,
} from '@internal/plugin-snyk-gitlab-common';
import crypto from 'node:crypto';
import { parseCatalogFile } from '../catalog/parseCatalogFile';
import { GitlabProjectInfo } from '../clients/GitlabClient';
import { ApiError } from '../clients/http';
import { GitlabAccess, GitlabHostAccess } from '../clients/GitlabAccess';
import { SnykOrgConfig } from '../config';
import {
  SettingsChangedError,
  SnykGitlabStore,
  StoredRepository,
} from '../database/SnykGitlabStore';
import { checkToken } from '../service/checkToken';
import { SnykOrgService } from '../service/SnykOrgService';
import { mapLimit } from './mapLimit';
import { CheckedProject, checkProject, readFailed } from './repositoryChecks';

export interface SyncResult {
  status: GroupIntegration['status'];
  statusReason?: string;
  repositories: number;
  filesRead: number;
  unchanged: number;
}

const UNITS_MS: Record<string, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** A sync failure whose message is fit to show to users. */
export class SyncError extends Error {}

/**
 * The reason shown for a failed sync: ours and the clients' messages (they
 * hold no secrets); never a database error's, which may quote SQL and values.
 */
function shownReason(error: unknown): string {
  if (error instanceof SyncError || error instanceof ApiError) {
    return error.message;
  }
  return 'The inventory could not be saved; the backend log has the details';
}

/** The interval of a schedule given as a duration; undefined for cron or manual. */
export function frequencyMs(schedule: SchedulerServiceTaskScheduleDefinition) {
  const frequency = schedule.frequency as Record<string, unknown>;
  if ('cron' in frequency || 'trigger' in frequency) return undefined;
  let total = 0;
  for (const [unit, amount] of Object.entries(frequency)) {
    if (typeof amount === 'number' && UNITS_MS[unit])
      total += amount * UNITS_MS[unit];
  }
  return total || undefined;
}

/** Bumped when catalog files are read differently, so all are read again. */
const CATALOG_RULES_VERSION = 2;

/** Identifies the catalog option (and rules) a repository was read with. */
export function catalogFingerprint(catalog: CatalogOption): string {
  return crypto
    .createHash('sha256')
    .update(
      JSON.stringify([
        CATALOG_RULES_VERSION,
        catalog.enabled,
        catalog.filename,
        catalog.attributes,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}

/**
 * Syncs the group-level integration: checks the PAT, lists GitLab projects,
 * reads catalog files of changed projects, and replaces the inventory in one
 * transaction. Any failure keeps the last good inventory and marks it failed.
 */
export class SyncService {
  constructor(
    private readonly deps: {
      store: SnykGitlabStore;
      gitlab: GitlabAccess;
      orgService: SnykOrgService;
      orgs: SnykOrgConfig[];
      schedule: SchedulerServiceTaskScheduleDefinition;
      logger: LoggerService;
      concurrency?: number;
    },
  ) {}

  /**
   * One sync. `signal` is the scheduler's: once aborted (the task timed out
   * and its lock may pass to another replica) nothing more is read or written.
   */
  async run(signal?: AbortSignal): Promise<SyncResult | undefined> {
    const group = await this.deps.store.getGroupIntegration();
    if (!group) {
      this.deps.logger.info(
        'Snyk GitLab sync skipped: the group-level integration is not configured',
      );
      return undefined;
    }
    const started = new Date();
    const interval = frequencyMs(this.deps.schedule);
    const nextSyncAt = interval
      ? new Date(started.getTime() + interval).toISOString()
      : undefined;
    let result: SyncResult;
    try {
      result = await this.syncInventory(group, started, nextSyncAt, signal);
    } catch (error) {
      if (error instanceof SettingsChangedError || signal?.aborted) {
        this.deps.logger.info(
          `Snyk GitLab sync ended without saving: ${
            signal?.aborted ? 'it was aborted' : (error as Error).message
          }`,
        );
        return undefined;
      }
      const statusReason = shownReason(error);
      this.deps.logger.warn(
        `Snyk GitLab sync failed; the last good inventory is kept: ${
          (error as Error).message
        }`,
      );
      await this.deps.store.recordSyncOutcome({
        status: 'failed',
        statusReason,
        lastSyncAt: started.toISOString(),
        nextSyncAt,
        settingsUpdatedAt: group.updatedAt,
      });
      result = {
        status: 'failed',
        statusReason,
        repositories: 0,
        filesRead: 0,
        unchanged: 0,
      };
    }
    await this.deps.orgService.refreshAll(signal);
    return result;
  }

  private async syncInventory(
    group: GroupIntegration,
    started: Date,
    nextSyncAt: string | undefined,
    signal?: AbortSignal,
  ): Promise<SyncResult> {
    const token = await checkToken(this.deps.gitlab, group.host, started);
    await this.deps.store.saveTokenCheck(token);
    const access = this.deps.gitlab.forHost(group.host);
    if (!token.ok || !access) throw new SyncError(token.problem ?? 'no token');

    const groups = this.deps.orgs
      .filter(o => o.gitlabHost === group.host)
      .flatMap(o => (o.gitlabGroups.length ? o.gitlabGroups : [undefined]));
    const projects: GitlabProjectInfo[] = [];
    // Any org without groups covers all the token's projects.
    const scopes =
      groups.includes(undefined) || groups.length === 0
        ? []
        : (groups as string[]);
    for await (const page of access.client.listProjects(scopes, signal))
      projects.push(...page);

    const previous = new Map(
      (await this.deps.store.listRepositories(group.host)).map(r => [
        r.projectId,
        r,
      ]),
    );
    const fingerprint = catalogFingerprint(group.catalog);
    const syncedAt = started.toISOString();
    let filesRead = 0;
    let unchanged = 0;
    let skipped = 0;
    const listed = projects.flatMap(p => {
      const project = checkProject(p, access.baseUrl);
      if (project) return [project];
      skipped += 1;
      this.deps.logger.warn(
        `Snyk GitLab sync skipped GitLab project ${p.id}: its path is empty, too long or has control characters`,
      );
      return [];
    });
    const repositories = await mapLimit(
      listed,
      this.deps.concurrency ?? 8,
      async project => {
        const before = previous.get(project.id);
        if (
          before &&
          before.catalogFingerprint === fingerprint &&
          before.lastActivityAt === project.lastActivityAt &&
          before.defaultBranch === project.defaultBranch
        ) {
          unchanged += 1;
          return {
            ...before,
            path: project.path,
            webUrl: project.webUrl,
            syncedAt,
          };
        }
        filesRead += group.catalog.enabled && project.defaultBranch ? 1 : 0;
        return this.readRepository(access, group, project, {
          fingerprint,
          syncedAt,
          before,
          signal,
        });
      },
    );
    signal?.throwIfAborted();

    await this.deps.store.recordGoodSync(group.host, repositories, {
      lastSyncAt: syncedAt,
      nextSyncAt,
      settingsUpdatedAt: group.updatedAt,
    });
    this.deps.logger.info(
      `Snyk GitLab sync of ${group.host}: ${repositories.length} repositories, ${filesRead} catalog files read, ${unchanged} unchanged, ${skipped} skipped`,
    );
    return {
      status: 'connected',
      repositories: repositories.length,
      filesRead,
      unchanged,
    };
  }

  private async readRepository(
    access: GitlabHostAccess,
    group: GroupIntegration,
    project: CheckedProject,
    read: {
      fingerprint: string;
      syncedAt: string;
      before?: StoredRepository;
      signal?: AbortSignal;
    },
  ): Promise<StoredRepository> {
    const { catalog } = group;
    const repository: StoredRepository = {
      host: group.host,
      projectId: project.id,
      path: project.path,
      defaultBranch: project.defaultBranch,
      webUrl: project.webUrl,
      lastActivityAt: project.lastActivityAt,
      catalogFingerprint: read.fingerprint,
      catalogFile: {
        filename: catalog.filename,
        present: false,
        attributes: {},
        problems: project.problem ? [project.problem] : [],
      },
      entityRefs: [],
      syncedAt: read.syncedAt,
    };
    // An empty repository has no default branch and so no file.
    if (!catalog.enabled || !project.defaultBranch) return repository;
    let text: string | undefined;
    try {
      read.signal?.throwIfAborted();
      text = await access.client.readFile(
        project.id,
        catalog.filename,
        project.defaultBranch,
        read.signal,
      );
    } catch (error) {
      // An abort or a rejected token ends the sync; any other failure is this repository's.
      if (read.signal?.aborted) throw error;
      if (error instanceof ApiError && error.status === 401) throw error;
      return readFailed(repository, error, read.before);
    }
    if (text === undefined) return repository;
    const parsed = parseCatalogFile(text, catalog.attributes);
    repository.catalogFile = {
      filename: catalog.filename,
      present: true,
      attributes: parsed.attributes,
      problems: [...repository.catalogFile.problems, ...parsed.problems],
    };
    repository.entityRefs = parsed.entityRefs;
    return repository;
  }
}
