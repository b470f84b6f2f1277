import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ImportJob,
  OrgIntegration,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import crypto from 'node:crypto';
import { GitlabAccess } from '../clients/GitlabAccess';
import { ApiError, RateLimitedError } from '../clients/http';
import { SnykClient, SnykImportJobInfo } from '../clients/SnykClient';
import {
  SnykGitlabStore,
  StoredImportJob,
  StoredOrgIntegration,
} from '../database/SnykGitlabStore';
import { SnykOrgConfig, orgCovers, orgForRepository } from '../config';
import { checkToken } from './checkToken';
import { SnykInventoryService } from './SnykInventoryService';
import { requireSnyk } from './requireSnyk';

const now = () => new Date().toISOString();
const GITLAB_COM = 'gitlab.com';

/** At most one Snyk call per import job per interval, however many callers. */
export const IMPORT_POLL_INTERVAL_MS = 3000;
/** A job Snyk has not confirmed by then was lost between us and Snyk. */
const UNCONFIRMED_IMPORT_MS = 10 * 60_000;

/**
 * What a finished Snyk job means for the repository: imported only when it
 * made at least one project; partly failed imports say how many failed.
 */
export function importOutcome(
  info: SnykImportJobInfo,
): Pick<StoredImportJob, 'status' | 'error'> {
  if (info.status === 'failed' || info.status === 'aborted') {
    return {
      status: 'failed',
      error: `Snyk reported the import as ${info.status}`,
    };
  }
  const made = info.projects.filter(p => p.success).length;
  const failed = info.projects.length - made;
  if (made === 0) {
    return {
      status: 'failed',
      error: failed
        ? `Snyk finished the import, but all ${failed} projects failed`
        : 'Snyk finished the import without creating a project: nothing it can scan was found',
    };
  }
  return {
    status: 'complete',
    error: failed
      ? `${failed} of ${info.projects.length} projects failed to import`
      : undefined,
  };
}

/** An import job without Snyk's internal ids. */
export function publicImportJob(job: StoredImportJob): ImportJob {
  const { integrationId: _integrationId, snykJobId: _snykJobId, ...rest } = job;
  return rest;
}

/** The org-level integration: register GitLab in a Snyk org, import, read targets. */
export class SnykOrgService {
  constructor(
    private readonly deps: {
      store: SnykGitlabStore;
      gitlab: GitlabAccess;
      snyk?: SnykClient;
      orgs: SnykOrgConfig[];
      logger: LoggerService;
      importPollIntervalMs?: number;
      /** Snyk's own view of the group level, read with each refresh. */
      inventory?: SnykInventoryService;
    },
  ) {}

  private claimPoll(jobId: string) {
    return this.deps.store.claimImportPoll(
      jobId,
      new Date(),
      this.deps.importPollIntervalMs ?? IMPORT_POLL_INTERVAL_MS,
    );
  }

  private requireSnyk(): SnykClient {
    return requireSnyk(this.deps.snyk);
  }

  orgConfig(orgId: string): SnykOrgConfig {
    const org = this.deps.orgs.find(o => o.orgId === orgId);
    if (!org) {
      throw new InputError(
        `orgId: ${orgId} is not one of the Snyk orgs in snykGitlab.snyk.orgs`,
      );
    }
    return org;
  }

  orgFor(host: string, path: string) {
    return orgForRepository(this.deps.orgs, host, path);
  }

  /** All configured orgs with their saved state. */
  async list(): Promise<OrgIntegration[]> {
    const saved = new Map(
      (await this.deps.store.listOrgIntegrations()).map(o => [o.orgId, o]),
    );
    return this.deps.orgs.map(config => {
      const state = saved.get(config.orgId);
      return {
        orgId: config.orgId,
        orgName: config.name,
        host: config.gitlabHost,
        gitlabGroups: config.gitlabGroups,
        status: state?.status ?? 'not_configured',
        statusReason: state?.statusReason,
        snykIntegrationId: state?.snykIntegrationId,
        lastCheckedAt: state?.lastCheckedAt,
        updatedAt: state?.updatedAt,
      };
    });
  }

  /** Registers (or repairs) the GitLab integration of a Snyk org with the host's PAT. */
  async save(orgId: string, actor: string): Promise<OrgIntegration> {
    const config = this.orgConfig(orgId);
    const snyk = this.requireSnyk();
    const access = this.deps.gitlab.forHost(config.gitlabHost);
    if (!access) {
      throw new ConflictError(
        `No GitLab token is configured for ${config.gitlabHost} in integrations.gitlab`,
      );
    }
    const base = {
      orgId,
      host: config.gitlabHost,
      updatedAt: now(),
      updatedBy: actor,
    };
    try {
      const token = await checkToken(this.deps.gitlab, config.gitlabHost);
      if (!token.ok || token.missingOrgScopes.length) {
        throw new ConflictError(
          token.problem ??
            `The GitLab token for ${config.gitlabHost} lacks the api scope, which Snyk's organization-level integration needs to import and scan`,
        );
      }
      await snyk.self();
      const integrationId = await snyk.saveGitlabIntegration(orgId, {
        token: access.token,
        url: config.gitlabHost === GITLAB_COM ? undefined : access.baseUrl,
      });
      await this.deps.store.transaction(async tx => {
        await tx.saveOrgIntegration({
          ...base,
          snykIntegrationId: integrationId,
          status: 'connected',
        });
        await tx.audit({
          actor,
          action: 'org.save',
          subject: orgId,
          details: { host: config.gitlabHost },
        });
      });
      await this.refresh(orgId);
    } catch (error) {
      // A failed repair keeps the integration id Snyk already knows.
      await this.deps.store.saveOrgIntegration({
        ...base,
        snykIntegrationId: (await this.savedOrg(orgId))?.snykIntegrationId,
        status: 'failed',
        statusReason: (error as Error).message,
      });
      throw error;
    }
    return (await this.list()).find(o => o.orgId === orgId)!;
  }

  private async savedOrg(orgId: string) {
    return (await this.deps.store.listOrgIntegrations()).find(
      o => o.orgId === orgId,
    );
  }

  /** Re-reads an org's GitLab targets and issue counts; a failure keeps the last ones. */
  async refresh(orgId: string): Promise<void> {
    const saved = await this.savedOrg(orgId);
    if (saved) await this.refreshSaved(saved);
  }

  private async refreshSaved(saved: StoredOrgIntegration): Promise<void> {
    const { orgId } = saved;
    try {
      const targets = await this.requireSnyk().listGitlabTargets(orgId);
      await this.deps.store.replaceTargets(orgId, targets);
      await this.deps.store.recordOrgCheck(orgId, saved.updatedAt, {
        status: saved.snykIntegrationId ? 'connected' : saved.status,
        lastCheckedAt: now(),
      });
    } catch (error) {
      this.deps.logger.warn(
        `Could not refresh Snyk targets of org ${orgId}: ${
          (error as Error).message
        }`,
      );
      // Being rate limited says nothing of the org's integration: keep its
      // status and last targets, and try again at the next sync.
      if (error instanceof RateLimitedError) return;
      await this.deps.store.recordOrgCheck(orgId, saved.updatedAt, {
        status: 'failed',
        // Snyk's (redacted) words; never a database error's SQL.
        statusReason:
          error instanceof ApiError
            ? error.message
            : "The org's Snyk targets could not be saved; the backend log has the details",
        lastCheckedAt: now(),
      });
    }
  }

  /**
   * True (and says so) once Snyk rate limits the token: the pass stops rather
   * than send (or fail at once) one call per remaining job and org.
   */
  private stoppedByRateLimit(): boolean {
    const until = this.deps.snyk?.rateLimitedUntil();
    if (until) {
      this.deps.logger.warn(
        `Snyk is rate limiting the token: the refresh of import jobs and Snyk targets stops here and resumes at the next sync (no Snyk call before ${until.toISOString()})`,
      );
    }
    return Boolean(until);
  }

  /**
   * Polls every pending import job, then refreshes every saved org once, so
   * jobs completed in this pass show up without a second refresh. A rate
   * limit from Snyk ends the pass; the next sync picks up where it stopped.
   */
  async refreshAll(signal?: AbortSignal): Promise<void> {
    // Snyk's own inventory first: the group level needs no org.
    try {
      await this.deps.inventory?.refresh(signal);
    } catch (error) {
      this.deps.logger.warn(
        `Could not record Snyk's inventory: ${(error as Error).message}`,
      );
    }
    if (!this.deps.snyk) return;
    await this.deps.store.failUnconfirmedImports(
      new Date(Date.now() - UNCONFIRMED_IMPORT_MS).toISOString(),
    );
    // Once the scheduler aborts, another replica may run: nothing more here.
    for (const job of await this.deps.store.listPendingImportJobs()) {
      if (signal?.aborted || this.stoppedByRateLimit()) return;
      if (await this.claimPoll(job.id)) {
        await this.poll(job, { refreshTargets: false });
      }
    }
    for (const org of await this.deps.store.listOrgIntegrations()) {
      if (signal?.aborted || this.stoppedByRateLimit()) return;
      await this.refreshSaved(org);
    }
  }

  /** Starts a Snyk import of an inventoried repository. */
  async startImport(
    request: {
      host: string;
      projectId?: number;
      path?: string;
      orgId?: string;
    },
    actor: string,
  ): Promise<ImportJob> {
    const snyk = this.requireSnyk();
    const repository = await this.deps.store.findRepository(
      request.projectId !== undefined
        ? { host: request.host, projectId: request.projectId }
        : { host: request.host, path: request.path! },
    );
    if (!repository) {
      throw new NotFoundError(
        `No GitLab repository ${request.path ?? request.projectId} on ${
          request.host
        } in the inventory; run a sync first`,
      );
    }
    const org = request.orgId
      ? this.orgConfig(request.orgId)
      : this.orgFor(repository.host, repository.path);
    if (org && !orgCovers(org, repository.host, repository.path)) {
      throw new InputError(
        `orgId: Snyk org ${org.orgId} does not cover ${repository.path} on ${
          repository.host
        } (it imports ${org.gitlabHost}${
          org.gitlabGroups.length
            ? ` groups ${org.gitlabGroups.join(', ')}`
            : ''
        })`,
      );
    }
    if (!org) {
      throw new ConflictError(
        `No Snyk org in snykGitlab.snyk.orgs covers ${repository.path}`,
      );
    }
    const saved = await this.savedOrg(org.orgId);
    if (!saved?.snykIntegrationId) {
      throw new ConflictError(
        `The org-level GitLab integration of Snyk org ${org.orgId} is not set up yet`,
      );
    }
    await this.deps.store.failUnconfirmedImports(
      new Date(Date.now() - UNCONFIRMED_IMPORT_MS).toISOString(),
    );
    // The job is recorded before Snyk is asked: one pending job per org and
    // repository, so a second click, user or retry gets the first job back.
    const { job, created } = await this.deps.store.createImportJob({
      id: crypto.randomUUID(),
      orgId: org.orgId,
      integrationId: saved.snykIntegrationId,
      snykJobId: '',
      host: repository.host,
      projectId: repository.projectId,
      path: repository.path,
      status: 'pending',
      createdBy: actor,
      createdAt: now(),
      updatedAt: now(),
    });
    if (!created) return publicImportJob(job);
    let snykJobId: string;
    try {
      snykJobId = await snyk.importGitlabProject(
        org.orgId,
        saved.snykIntegrationId,
        { id: repository.projectId, branch: repository.defaultBranch },
      );
    } catch (error) {
      await this.deps.store.updateImportJob(job.id, {
        status: 'failed',
        error: (error as Error).message,
        updatedAt: now(),
      });
      throw error;
    }
    await this.recordAccepted(job, snykJobId, actor);
    return publicImportJob({ ...job, snykJobId });
  }

  /** Saves Snyk's job id with its audit row; an accepted import is never forgotten silently. */
  private async recordAccepted(
    job: StoredImportJob,
    snykJobId: string,
    actor: string,
  ) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.store.transaction(async tx => {
          await tx.setSnykJobId(job.id, snykJobId);
          await tx.audit({
            actor,
            action: 'repository.import',
            subject: job.path,
            details: { orgId: job.orgId, jobId: job.id },
          });
        });
        return;
      } catch (error) {
        if (attempt >= 3) {
          this.deps.logger.error(
            `Snyk accepted import job ${snykJobId} of ${job.path} into org ${
              job.orgId
            }, but saving it failed: ${(error as Error).message}`,
          );
          return;
        }
      }
    }
  }

  /** A stored job, as saved; see {@link SnykOrgService.pollImport}. */
  async findImport(id: string): Promise<StoredImportJob> {
    const job = await this.deps.store.getImportJob(id);
    if (!job) throw new NotFoundError(`No import job ${id}`);
    return job;
  }

  /**
   * A job, polled once more from Snyk while pending, at most once per
   * interval. Without `refreshTargets` a completed job does not read its
   * target (the bulk import queue refreshes each org once instead).
   */
  async pollImport(
    job: StoredImportJob,
    options = { refreshTargets: true },
  ): Promise<ImportJob> {
    if (job.status !== 'pending' || !this.deps.snyk) {
      return publicImportJob(job);
    }
    const claimed = await this.claimPoll(job.id);
    return publicImportJob(claimed ? await this.poll(job, options) : job);
  }

  /** Polls Snyk for a job; a completed one refreshes only its own target. */
  private async poll(
    job: StoredImportJob,
    options = { refreshTargets: true },
  ): Promise<StoredImportJob> {
    if (!job.snykJobId) return job;
    try {
      const info = await this.requireSnyk().getImportJob(
        job.orgId,
        job.integrationId,
        job.snykJobId,
      );
      if (info.status === 'pending') return job;
      const updated = { ...job, ...importOutcome(info), updatedAt: now() };
      if (updated.status === 'complete' && options.refreshTargets) {
        await this.deps.store.saveTargets(
          job.orgId,
          await this.requireSnyk().listGitlabTargets(job.orgId, {
            displayName: job.path,
          }),
        );
      }
      await this.deps.store.updateImportJob(job.id, updated);
      return updated;
    } catch (error) {
      this.deps.logger.warn(
        `Could not poll Snyk import job ${job.id}: ${(error as Error).message}`,
      );
      return job;
    }
  }
}
