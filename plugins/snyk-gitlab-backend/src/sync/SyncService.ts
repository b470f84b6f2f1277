import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  CatalogOption,
  GroupIntegration,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import crypto from 'node:crypto';
import {
  MAX_CATALOG_FILE_BYTES,
  parseCatalogFile,
} from '../catalog/parseCatalogFile';
import { ListedProject } from '../clients/GitlabGraphql';
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
import { listProjects } from './listProjects';
import { mapLimit } from './mapLimit';
import { CheckedProject, checkProject, readFailed } from './repositoryChecks';

/**
 * A sync's result. With several profiles: failed when any failed (the reason
 * names each failed host), the counts added up.
 */
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

/** At most this many changed files wait to be read together. */
const MAX_PENDING = 100;

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
 * Syncs each group-level profile (one per GitLab host): checks the host's PAT,
 * lists GitLab projects, reads catalog files of changed projects, and replaces
 * the host's inventory in one transaction. A profile's failure keeps its last
 * good inventory and marks it failed; the other profiles sync all the same.
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
    const groups = await this.deps.store.listGroupIntegrations();
    if (!groups.length) {
      this.deps.logger.info(
        'Snyk GitLab sync skipped: no group-level profile is configured',
      );
      return undefined;
    }
    const results: Array<SyncResult & { host: string }> = [];
    for (const group of groups) {
      if (signal?.aborted) break;
      try {
        const result = await this.runProfile(group, signal);
        if (result) results.push({ ...result, host: group.host });
      } catch (error) {
        // Not even the failure could be recorded: the next profile still runs.
        this.deps.logger.error(
          `Snyk GitLab sync of ${group.host} could not record its outcome: ${
            (error as Error).message
          }`,
        );
      }
    }
    if (signal?.aborted) return undefined;
    await this.deps.orgService.refreshAll(signal);
    return combineResults(results);
  }

  /** One profile's sync; undefined when it ended without saving. */
  private async runProfile(
    group: GroupIntegration,
    signal?: AbortSignal,
  ): Promise<SyncResult | undefined> {
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
          `Snyk GitLab sync of ${group.host} ended without saving: ${
            signal?.aborted ? 'it was aborted' : (error as Error).message
          }`,
        );
        return undefined;
      }
      const statusReason = shownReason(error);
      this.deps.logger.warn(
        `Snyk GitLab sync of ${
          group.host
        } failed; its last good inventory is kept: ${(error as Error).message}`,
      );
      await this.deps.store.recordSyncOutcome(group.host, {
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
    // Any org without groups covers all the token's projects.
    const scopes =
      groups.includes(undefined) || groups.length === 0
        ? []
        : (groups as string[]);
    const run: SyncRun = {
      group,
      access,
      fingerprint: catalogFingerprint(group.catalog),
      syncedAt: started.toISOString(),
      signal,
      via: 'graphql',
      pending: [],
      counts: { repositories: 0, filesRead: 0, unchanged: 0, skipped: 0 },
    };
    const catalogFile = group.catalog.enabled
      ? group.catalog.filename
      : undefined;
    for await (const page of listProjects(
      access,
      scopes,
      catalogFile,
      this.deps.logger,
      signal,
    )) {
      run.via = page.via;
      await this.syncPage(run, page.projects);
    }
    await this.readPending(run);
    signal?.throwIfAborted();

    await this.deps.store.recordGoodSync(group.host, run.syncedAt, {
      lastSyncAt: run.syncedAt,
      nextSyncAt,
      settingsUpdatedAt: group.updatedAt,
    });
    const { counts } = run;
    this.deps.logger.info(
      `Snyk GitLab sync of ${group.host} (${run.via}): ${counts.repositories} repositories, ${counts.filesRead} catalog files read, ${counts.unchanged} unchanged, ${counts.skipped} skipped`,
    );
    return {
      status: 'connected',
      repositories: counts.repositories,
      filesRead: counts.filesRead,
      unchanged: counts.unchanged,
    };
  }

  /** Saves a batch of the sync's repositories, unless the sync was aborted. */
  private async save(run: SyncRun, repositories: StoredRepository[]) {
    run.signal?.throwIfAborted();
    if (!repositories.length) return;
    await this.deps.store.saveRepositories(
      run.group.host,
      repositories,
      run.group.updatedAt,
    );
    run.counts.repositories += repositories.length;
  }

  /**
   * One listed page: what is unchanged (same catalog blob id, branch and
   * option) is saved as it was; changed files wait to be read in a batch.
   */
  private async syncPage(run: SyncRun, listed: ListedProject[]) {
    const projects = listed.flatMap(p => {
      const project = checkProject(p, run.access.baseUrl);
      if (project) return [project];
      run.counts.skipped += 1;
      this.deps.logger.warn(
        `Snyk GitLab sync skipped GitLab project ${p.id}: its path is empty, too long or has control characters`,
      );
      return [];
    });
    const previous = new Map(
      (
        await this.deps.store.getRepositories(
          run.group.host,
          projects.map(p => p.id),
        )
      ).map(r => [r.projectId, r]),
    );
    const ready = await mapLimit(
      projects,
      this.deps.concurrency ?? 8,
      async project => this.decide(run, project, previous.get(project.id)),
    );
    await this.save(
      run,
      ready.filter((r): r is StoredRepository => r !== undefined),
    );
    if (run.pending.length >= MAX_PENDING) await this.readPending(run);
  }

  /** A repository ready to save, or undefined when its file waits to be read. */
  private async decide(
    run: SyncRun,
    project: CheckedProject & Pick<ListedProject, 'catalogBlob'>,
    before?: StoredRepository,
  ): Promise<StoredRepository | undefined> {
    const { catalog } = run.group;
    const repository = emptyRepository(run, project);
    // An empty repository has no default branch and so no file.
    if (!catalog.enabled || !project.defaultBranch) return repository;
    let blob = project.catalogBlob;
    if (blob === undefined) {
      try {
        run.signal?.throwIfAborted();
        blob = await run.access.client.fileBlobId(
          project.id,
          catalog.filename,
          project.defaultBranch,
          run.signal,
        );
      } catch (error) {
        if (endsSync(error, run.signal)) throw error;
        return readFailed(repository, error, before);
      }
    }
    if (
      before &&
      before.catalogFingerprint === run.fingerprint &&
      before.defaultBranch === project.defaultBranch &&
      (before.catalogBlobId ?? null) === (blob?.oid ?? null)
    ) {
      run.counts.unchanged += 1;
      return {
        ...before,
        path: project.path,
        webUrl: project.webUrl,
        lastActivityAt: project.lastActivityAt,
        syncedAt: run.syncedAt,
      };
    }
    if (!blob) return repository;
    repository.catalogBlobId = blob.oid;
    if (blob.size > MAX_CATALOG_FILE_BYTES) {
      return readFailed(
        repository,
        new ApiError('GitLab', 200, 'too large', true),
        before,
      );
    }
    run.pending.push({ repository, before, size: blob.size });
    return undefined;
  }

  /** Reads the waiting catalog files (one GraphQL batch, or REST per file) and saves them. */
  private async readPending(run: SyncRun) {
    const pending = run.pending.splice(0);
    if (!pending.length) return;
    const { filename } = run.group.catalog;
    run.counts.filesRead += pending.length;
    const { client } = run.access;
    let texts: Map<number, { oid: string; text: string } | Error | undefined>;
    if (run.via === 'graphql') {
      try {
        run.signal?.throwIfAborted();
        texts = await client.graphql.readTexts(
          pending.map(p => ({ id: p.repository.projectId, size: p.size })),
          filename,
          run.signal,
        );
      } catch (error) {
        if (endsSync(error, run.signal)) throw error;
        texts = new Map(
          pending.map(p => [p.repository.projectId, error as Error]),
        );
      }
    } else {
      type Read = { oid: string; text: string } | Error | undefined;
      texts = new Map<number, Read>(
        await mapLimit(
          pending,
          this.deps.concurrency ?? 8,
          async ({ repository }) => {
            try {
              run.signal?.throwIfAborted();
              const text = await client.readFile(
                repository.projectId,
                filename,
                repository.defaultBranch!,
                run.signal,
              );
              const read: Read =
                text === undefined
                  ? undefined
                  : { oid: repository.catalogBlobId!, text };
              return [repository.projectId, read] as const;
            } catch (error) {
              if (endsSync(error, run.signal)) throw error;
              const read: Read = error as Error;
              return [repository.projectId, read] as const;
            }
          },
        ),
      );
    }
    const repositories = pending.map(({ repository, before }) => {
      const read = texts.get(repository.projectId);
      if (read instanceof Error) return readFailed(repository, read, before);
      if (!read) {
        // The file went away after it was listed.
        repository.catalogBlobId = undefined;
        return repository;
      }
      repository.catalogBlobId = read.oid;
      return withCatalogFile(repository, run.group.catalog, read.text);
    });
    await this.save(run, repositories);
  }
}

/** The profiles' results as one: see {@link SyncResult}. */
function combineResults(
  results: Array<SyncResult & { host: string }>,
): SyncResult | undefined {
  if (!results.length) return undefined;
  if (results.length === 1) {
    const { host: _host, ...only } = results[0];
    return only;
  }
  const failed = results.filter(r => r.status === 'failed');
  const sum = (key: 'repositories' | 'filesRead' | 'unchanged') =>
    results.reduce((total, r) => total + r[key], 0);
  return {
    status: failed.length ? 'failed' : 'connected',
    statusReason: failed.length
      ? failed.map(r => `${r.host}: ${r.statusReason}`).join('; ')
      : undefined,
    repositories: sum('repositories'),
    filesRead: sum('filesRead'),
    unchanged: sum('unchanged'),
  };
}

interface SyncRun {
  group: GroupIntegration;
  access: GitlabHostAccess;
  fingerprint: string;
  syncedAt: string;
  signal?: AbortSignal;
  via: 'graphql' | 'rest';
  pending: Array<{
    repository: StoredRepository;
    before?: StoredRepository;
    size: number;
  }>;
  counts: {
    repositories: number;
    filesRead: number;
    unchanged: number;
    skipped: number;
  };
}

/** An abort or a rejected token ends the sync; any other failure is one repository's. */
function endsSync(error: unknown, signal?: AbortSignal) {
  return (
    Boolean(signal?.aborted) ||
    (error instanceof ApiError && error.status === 401)
  );
}

function emptyRepository(run: SyncRun, project: CheckedProject) {
  const repository: StoredRepository = {
    host: run.group.host,
    projectId: project.id,
    path: project.path,
    defaultBranch: project.defaultBranch,
    webUrl: project.webUrl,
    lastActivityAt: project.lastActivityAt,
    catalogFingerprint: run.fingerprint,
    catalogFile: {
      filename: run.group.catalog.filename,
      present: false,
      attributes: {},
      problems: project.problem ? [project.problem] : [],
    },
    entityRefs: [],
    syncedAt: run.syncedAt,
  };
  return repository;
}

function withCatalogFile(
  repository: StoredRepository,
  catalog: CatalogOption,
  text: string,
): StoredRepository {
  const parsed = parseCatalogFile(text, catalog.attributes);
  return {
    ...repository,
    catalogFile: {
      filename: catalog.filename,
      present: true,
      attributes: parsed.attributes,
      problems: [...repository.catalogFile.problems, ...parsed.problems],
    },
    entityRefs: parsed.entityRefs,
  };
}
