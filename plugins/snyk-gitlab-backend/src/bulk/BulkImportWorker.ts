import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ImportJob } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import crypto from 'node:crypto';
import { ApiError, RateLimitedError, redact } from '../clients/http';
import { SnykClient } from '../clients/SnykClient';
import { SnykGitlabStore } from '../database/SnykGitlabStore';
import {
  IMPORT_POLL_INTERVAL_MS,
  SnykOrgService,
  publicImportJob,
} from '../service/SnykOrgService';
import { BulkImportQueue, ClaimedItem } from './BulkImportQueue';
import { Pacer, sleep } from './Pacer';

/** Why an item failed, in words fit for the user. */
class BulkImportError extends Error {}

/** `startImport` failed: the attempt counts. */
class StartFailed extends Error {
  constructor(readonly reason: unknown) {
    super((reason as Error)?.message);
  }
}

export const BULK_IMPORT_TASK_ID = 'snyk-gitlab-bulk-import';

/** Snyk's v1 API serves 2,000 requests a minute per token by default. */
export const DEFAULT_V1_REQUESTS_PER_MINUTE = 2000;
/** The worker keeps 5% of the budget for imports started from entity pages. */
const BUDGET_SHARE = 0.95;

/** `snykGitlab.snyk.v1RequestsPerMinute`, the Snyk v1 budget of the token. */
export function readV1RequestsPerMinute(config: Config): number {
  const value =
    config.getOptionalNumber('snykGitlab.snyk.v1RequestsPerMinute') ??
    DEFAULT_V1_REQUESTS_PER_MINUTE;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      'Invalid snykGitlab.snyk.v1RequestsPerMinute: must be a positive number',
    );
  }
  return value;
}

export interface BulkImportWorkerOptions {
  /** Snyk v1 calls a minute the token may make; the worker paces at 95% of it. */
  requestsPerMinute: number;
  /** Items imported at once. Default 50. */
  concurrency?: number;
  /** First poll of an import job after this; doubles up to 30 s. Default 3 s. */
  pollIntervalMs?: number;
  /** How long a claimed item stays this worker's without a renewal. Default 2 min. */
  leaseMs?: number;
  /** A run claims items for this long, and gives back unfinished ones after twice it. Default 4 min. */
  runMs?: number;
  /** An import Snyk has not finished by then fails (and may be retried). Default 30 min. */
  importTimeoutMs?: number;
}

/**
 * Works off the bulk import queue through the existing import path
 * (`startImport`, `pollImport`), with every Snyk v1 call paced under the
 * token's budget and a rate limit waited out. Run by a `global` scheduler
 * task; items are claimed one by one, so two runs never share an item.
 */
export class BulkImportWorker {
  private readonly pacer: Pacer;
  private readonly workerId = crypto.randomUUID();
  private readonly options: Required<BulkImportWorkerOptions>;

  constructor(
    private readonly deps: {
      queue: BulkImportQueue;
      store: SnykGitlabStore;
      orgService: SnykOrgService;
      snyk?: SnykClient;
      logger: LoggerService;
      /** Redacted from stored errors. */
      secrets: string[];
      options: BulkImportWorkerOptions;
    },
  ) {
    this.options = {
      concurrency: 50,
      pollIntervalMs: IMPORT_POLL_INTERVAL_MS,
      leaseMs: 120_000,
      runMs: 240_000,
      importTimeoutMs: 30 * 60_000,
      ...deps.options,
    };
    this.pacer = new Pacer(this.options.requestsPerMinute * BUDGET_SHARE, () =>
      deps.snyk?.rateLimitedUntil(),
    );
  }

  /** One run: claims and imports queued items until none is left or time is up. */
  async run(signal?: AbortSignal): Promise<void> {
    const { queue, orgService, snyk, logger } = this.deps;
    if (!snyk) return;
    const { concurrency, runMs } = this.options;
    const recovered = await queue.recoverExpired();
    if (recovered) {
      logger.info(
        `Bulk import: ${recovered} items whose worker stopped were queued again`,
      );
    }
    // Unfinished items go back to the queue at the hard stop; the next run adopts their jobs.
    const stop = AbortSignal.any([
      ...(signal ? [signal] : []),
      AbortSignal.timeout(2 * runMs),
    ]);
    const claimUntil = Date.now() + runMs;
    const inFlight = new Set<Promise<void>>();
    const importedOrgs = new Set<string>();
    let claiming = true;
    for (;;) {
      if (claiming && !stop.aborted && Date.now() < claimUntil) {
        let items: ClaimedItem[] = [];
        try {
          items = await queue.claim(
            this.workerId,
            concurrency - inFlight.size,
            this.options.leaseMs,
          );
        } catch (error) {
          // The items in flight still finish; the next run claims again.
          logger.error(`Bulk import: claiming failed: ${error}`);
          claiming = false;
        }
        for (const item of items) {
          const done: Promise<void> = this.process(item, stop, importedOrgs)
            .catch(error =>
              logger.error(
                `Bulk import of ${item.path} stopped: ${
                  (error as Error).message
                }`,
              ),
            )
            .finally(() => inFlight.delete(done));
          inFlight.add(done);
        }
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
    }
    // One refresh of each org's targets, rather than two REST calls per repository.
    // Also after the hard stop, so finished items show as imported; not after the scheduler's abort.
    for (const orgId of importedOrgs) {
      if (signal?.aborted) break;
      await orgService.refresh(orgId);
    }
  }

  private async process(
    item: ClaimedItem,
    signal: AbortSignal,
    importedOrgs: Set<string>,
  ): Promise<void> {
    const { queue, store, orgService } = this.deps;
    const { leaseMs, importTimeoutMs } = this.options;
    const mine = () => queue.renew(item.id, this.workerId, leaseMs);
    try {
      let job = await this.jobFor(item, signal, mine);
      if (!job) return;
      const startedAt = Date.now();
      let delay = this.options.pollIntervalMs;
      while (job.status === 'pending') {
        await sleep(delay, signal);
        delay = Math.min(delay * 2, 30_000);
        if (!(await mine())) return;
        if (Date.now() - startedAt > importTimeoutMs) {
          throw new BulkImportError(
            `Snyk did not finish the import within ${Math.round(
              importTimeoutMs / 60_000,
            )} minutes; retry it later`,
          );
        }
        const stored = await store.getImportJob(job.id);
        if (!stored) {
          throw new BulkImportError(`The import job ${job.id} is gone`);
        }
        await this.pacer.take(signal);
        job = await orgService.pollImport(stored, { refreshTargets: false });
      }
      if (job.status === 'complete') {
        await queue.finish(item.id, this.workerId, { state: 'imported' });
        importedOrgs.add(item.orgId);
      } else {
        await queue.finish(item.id, this.workerId, {
          state: 'failed',
          error: job.error ?? 'Snyk reported the import as failed',
        });
      }
    } catch (error) {
      if (signal.aborted) {
        await queue.release(item.id, this.workerId);
        return;
      }
      await queue.finish(item.id, this.workerId, {
        state: 'failed',
        error: this.describe(error),
        attempted: error instanceof StartFailed,
      });
    }
  }

  /**
   * The item's import job: one it (or anyone) started since it was queued,
   * unless that failed, or any complete one of its org, so a restart or a
   * click on the entity page never makes a second Snyk import; else a new
   * one through `startImport`.
   * Undefined when the item is no longer this worker's.
   */
  private async jobFor(
    item: ClaimedItem,
    signal: AbortSignal,
    mine: () => Promise<boolean>,
  ): Promise<ImportJob | undefined> {
    const { queue, store, orgService } = this.deps;
    const known = item.importJobId
      ? await store.getImportJob(item.importJobId)
      : await store.latestImportJob(item.host, item.projectId);
    const recent =
      known &&
      known.status !== 'failed' &&
      known.orgId === item.orgId &&
      known.createdAt >= item.createdAt;
    const completeId = recent ? undefined : await queue.completeImportJob(item);
    const reused = recent
      ? known
      : completeId && (await store.getImportJob(completeId));
    if (reused) {
      await queue.setImportJob(item.id, this.workerId, reused.id, false);
      return publicImportJob(reused);
    }
    for (;;) {
      await this.pacer.take(signal);
      if (!(await mine())) return undefined;
      try {
        const job = await orgService.startImport(
          { host: item.host, projectId: item.projectId, orgId: item.orgId },
          item.createdBy,
        );
        await queue.setImportJob(item.id, this.workerId, job.id, true);
        return job;
      } catch (error) {
        // Snyk is rate limiting the token: the pacer waits out its pause.
        if (error instanceof RateLimitedError) continue;
        throw new StartFailed(error);
      }
    }
  }

  /** A stored error: our own or Snyk's (redacted) words, bounded; never a database error. */
  private describe(failure: unknown): string {
    const error = failure instanceof StartFailed ? failure.reason : failure;
    const known =
      error instanceof ApiError ||
      error instanceof BulkImportError ||
      ['InputError', 'NotFoundError', 'ConflictError'].includes(
        (error as Error)?.name,
      );
    if (!known) {
      this.deps.logger.error(
        `Bulk import failed: ${redact(String(error), this.deps.secrets)}`,
      );
    }
    const text = known
      ? (error as Error).message
      : 'The import failed; the backend log has the reason';
    return redact(text, this.deps.secrets).slice(0, 1000);
  }
}
