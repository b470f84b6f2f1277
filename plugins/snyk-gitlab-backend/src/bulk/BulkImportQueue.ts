import { InputError } from '@backstage/errors';
import {
  BULK_IMPORT_ITEM_STATES,
  BULK_IMPORT_SKIPPED_LISTED,
  BulkImportAccepted,
  BulkImportItem,
  BulkImportItemState,
  BulkImportList,
  InventoryFilter,
  InventoryRow,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Knex } from 'knex';
import crypto from 'node:crypto';
import { fitRow } from '../database/columns';
import { advisoryLock, heldProfiles } from '../database/locks';
import { DatabaseSnykGitlabStore } from '../database/DatabaseSnykGitlabStore';
import { OrgFor } from '../database/inventoryColumns';
import { InventoryQueries } from '../database/inventoryQuery';
import { requireSnyk } from '../service/requireSnyk';

/** Most repositories one filter may queue (the inventory's design size). */
export const BULK_IMPORT_MAX_FILTERED = 100_000;

const OPEN = ['queued', 'running'];
const CHUNK = 500;
const now = () => new Date().toISOString();

/** An item as the worker holds it: with the import job it started, if any. */
export interface ClaimedItem extends BulkImportItem {
  importJobId?: string;
}

function toItem(row: any): ClaimedItem {
  return {
    id: row.id,
    batchId: row.batch_id,
    host: row.host,
    projectId: Number(row.project_id),
    path: row.path,
    orgId: row.org_id,
    state: row.state,
    attempts: Number(row.attempts),
    error: row.error ?? undefined,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    importJobId: row.import_job_id ?? undefined,
  };
}

const publicItem = ({ importJobId: _job, ...item }: ClaimedItem) => item;

/**
 * Queueing and retrying take turns: each checks for an open item of a
 * repository, then writes one, which the one-open-item index refuses while
 * the other's write is uncommitted.
 */
const lockQueue = (tx: Knex.Transaction) => advisoryLock(tx, 'bulk_imports');

const keyOf = (r: { host: string; projectId: number }) =>
  `${r.host}|${r.projectId}`;

/**
 * The bulk import queue in the plugin's database: what users queue, and what
 * the worker claims (a conditional update: one worker per item), holds by a
 * lease and finishes.
 */
export class BulkImportQueue {
  constructor(
    private readonly deps: {
      db: Knex;
      inventory: InventoryQueries;
      orgFor: OrgFor;
      /** Without a Snyk token nothing could import them: nothing is queued. */
      snykConfigured: boolean;
    },
  ) {}

  /**
   * Queues repositories (named, or those matching inventory filters), each
   * into its configured Snyk org; answers what was skipped and why. Audited
   * in the same transaction.
   */
  async enqueue(
    request: {
      repositories?: Array<{ host: string; projectId: number }>;
      filter?: { host?: string; filter?: InventoryFilter[]; q?: string };
    },
    actor: string,
  ): Promise<BulkImportAccepted> {
    requireSnyk(this.deps.snykConfigured, '; nothing was queued');
    const { db, inventory, orgFor } = this.deps;
    const skipped: BulkImportAccepted['skipped'] = [];
    const rows: InventoryRow[] = [];
    if (request.repositories) {
      const found = new Map(
        (await inventory.find(request.repositories)).map(r => [keyOf(r), r]),
      );
      for (const key of request.repositories) {
        const row = found.get(keyOf(key));
        if (row) rows.push(row);
        else skipped.push({ ...key, reason: 'unknown_repository' });
      }
    } else {
      const selection = {
        ...request.filter,
        filter: request.filter?.filter ?? [],
      };
      const count = await inventory.count(selection);
      if (count > BULK_IMPORT_MAX_FILTERED) {
        throw new InputError(
          `Invalid bulk import: filter: matches ${count} repositories; at most ${BULK_IMPORT_MAX_FILTERED} are queued at once, narrow it`,
        );
      }
      for await (const chunk of inventory.chunks({
        ...selection,
        sort: 'path',
        order: 'asc',
      })) {
        rows.push(...chunk);
      }
    }

    const batchId = crypto.randomUUID();
    const createdAt = now();
    const candidates: Array<Record<string, unknown>> = [];
    const seen = new Set<string>();
    const completed = await this.completedImports(
      rows.filter(r => !r.imported),
    );
    for (const row of rows) {
      const key = { host: row.host, projectId: row.projectId };
      const orgId = orgFor(row.host, row.path);
      if (!orgId) skipped.push({ ...key, reason: 'no_org' });
      else if (row.imported || completed.has(`${orgId}|${keyOf(key)}`))
        skipped.push({ ...key, reason: 'already_imported' });
      else if (seen.has(keyOf(key))) {
        skipped.push({ ...key, reason: 'already_queued' });
      } else {
        seen.add(keyOf(key));
        candidates.push(
          fitRow('bulk_imports', {
            id: crypto.randomUUID(),
            batch_id: batchId,
            org_id: orgId,
            host: row.host,
            project_id: row.projectId,
            path: row.path,
            state: 'queued',
            attempts: 0,
            created_by: actor,
            created_at: createdAt,
            updated_at: createdAt,
          }),
        );
      }
    }

    let queued = 0;
    await db.transaction(async tx => {
      await lockQueue(tx);
      // A profile deleted since the inventory read took its repositories.
      const kept = await heldProfiles(
        tx,
        candidates.map(c => c.host as string),
      );
      for (let i = 0; i < candidates.length; i += CHUNK) {
        const chunk = candidates.slice(i, i + CHUNK).filter(c => {
          if (kept.has(c.host as string)) return true;
          skipped.push({
            host: c.host as string,
            projectId: Number(c.project_id),
            reason: 'unknown_repository',
          });
          return false;
        });
        if (!chunk.length) continue;
        // An open item of the same org and repository wins (the unique index too).
        await tx('bulk_imports').insert(chunk).onConflict().ignore();
        const inserted = new Set(
          (
            await tx('bulk_imports')
              .whereIn(
                'id',
                chunk.map(c => c.id as string),
              )
              .select('id')
          ).map(r => r.id),
        );
        for (const c of chunk) {
          if (inserted.has(c.id)) queued += 1;
          else {
            skipped.push({
              host: c.host as string,
              projectId: Number(c.project_id),
              reason: 'already_queued',
            });
          }
        }
      }
      await new DatabaseSnykGitlabStore(tx).audit({
        actor,
        action: 'repository.import.bulk',
        subject: batchId,
        details: {
          queued,
          skipped: skipped.length,
          ...(request.filter ? { filter: request.filter } : {}),
        },
      });
    });
    return {
      batchId,
      queued,
      skippedCount: skipped.length,
      skipped: skipped.slice(0, BULK_IMPORT_SKIPPED_LISTED),
    };
  }

  /**
   * `org|host|projectId` of the repositories with a complete import job:
   * Snyk has imported them even when their targets were not refreshed yet.
   */
  private async completedImports(
    rows: Array<{ host: string; projectId: number }>,
  ): Promise<Set<string>> {
    const done = new Set<string>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const found = await this.deps
        .db('import_jobs')
        .where('status', 'complete')
        .whereIn('host', [...new Set(chunk.map(r => r.host))])
        .whereIn('project_id', [...new Set(chunk.map(r => r.projectId))])
        .select('org_id', 'host', 'project_id');
      for (const r of found) {
        done.add(`${r.org_id}|${r.host}|${Number(r.project_id)}`);
      }
    }
    return done;
  }

  /** The newest complete import job of the item's org and repository, if any. */
  async completeImportJob(item: {
    orgId: string;
    host: string;
    projectId: number;
  }): Promise<string | undefined> {
    const row = await this.deps
      .db('import_jobs')
      .where({
        status: 'complete',
        org_id: item.orgId,
        host: item.host,
        project_id: item.projectId,
      })
      .orderBy('created_at', 'desc')
      .first('id');
    return row?.id;
  }

  /** Items of a batch (or all), by state, newest batch first, with counts per state. */
  async list(query: {
    batchId?: string;
    state?: BulkImportItemState;
    offset: number;
    limit: number;
  }): Promise<BulkImportList> {
    const { db } = this.deps;
    const inBatch = () => {
      const q = db('bulk_imports');
      if (query.batchId) q.where('batch_id', query.batchId);
      return q;
    };
    const inState = () => {
      const q = inBatch();
      if (query.state) q.where('state', query.state);
      return q;
    };
    const counts = { queued: 0, running: 0, imported: 0, failed: 0 };
    const perState: Array<{ state: string; n: unknown }> = await inBatch()
      .select('state')
      .count({ n: '*' })
      .groupBy('state');
    for (const { state, n } of perState) {
      if ((BULK_IMPORT_ITEM_STATES as readonly string[]).includes(state)) {
        counts[state as BulkImportItemState] = Number(n);
      }
    }
    const rows = await inState()
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'path', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .offset(query.offset)
      .limit(query.limit);
    const [{ n }] = await inState().count({ n: '*' });
    return {
      counts,
      items: rows.map(row => publicItem(toItem(row))),
      totalCount: Number(n),
    };
  }

  /**
   * Queues failed items again (of a batch, or by id): the newest failed item
   * of each repository, unless one is open already. Answers how many.
   */
  async retry(
    request: { batchId?: string; ids?: string[] },
    actor: string,
  ): Promise<number> {
    requireSnyk(this.deps.snykConfigured, '; nothing was queued again');
    const { db } = this.deps;
    const query = db('bulk_imports').where('state', 'failed');
    if (request.batchId) query.where('batch_id', request.batchId);
    if (request.ids) query.whereIn('id', request.ids);
    const failed = await query
      .select('id', 'org_id', 'host', 'project_id')
      .orderBy('updated_at', 'desc');
    const newest = new Map<string, { id: string; host: string }>();
    for (const f of failed) {
      const key = `${f.org_id}|${f.host}|${Number(f.project_id)}`;
      if (!newest.has(key)) newest.set(key, f);
    }
    const requeue = (tx: Knex, chunk: string[]) =>
      tx('bulk_imports')
        .whereIn('id', chunk)
        .where('state', 'failed')
        .whereNotExists(
          tx('bulk_imports as o')
            .whereIn('o.state', OPEN)
            .where('o.org_id', tx.ref('bulk_imports.org_id'))
            .where('o.host', tx.ref('bulk_imports.host'))
            .where('o.project_id', tx.ref('bulk_imports.project_id'))
            .select(tx.raw('1')),
        )
        .update({
          state: 'queued',
          error: null,
          import_job_id: null,
          claimed_by: null,
          lease_until: null,
          updated_at: now(),
        });
    let requeued = 0;
    await db.transaction(async tx => {
      await lockQueue(tx);
      const items = [...newest.values()];
      const kept = await heldProfiles(
        tx,
        items.map(f => f.host),
      );
      const live = items.filter(f => kept.has(f.host)).map(f => f.id);
      for (let i = 0; i < live.length; i += CHUNK) {
        requeued += await requeue(tx, live.slice(i, i + CHUNK));
      }
      await new DatabaseSnykGitlabStore(tx).audit({
        actor,
        action: 'repository.import.bulk.retry',
        subject: request.batchId ?? `${request.ids?.length ?? 0} items`,
        details: { requeued, ...request },
      });
    });
    return requeued;
  }

  // --- the worker's side ---

  /** `running` items whose lease expired (their worker died) are queued again. */
  async recoverExpired(at = new Date()): Promise<number> {
    return this.deps
      .db('bulk_imports')
      .where('state', 'running')
      .where('lease_until', '<', at.toISOString())
      .update({
        state: 'queued',
        claimed_by: null,
        lease_until: null,
        updated_at: now(),
      });
  }

  /** Claims up to `n` queued items, oldest first; a conditional update each, so no item has two workers. */
  async claim(
    workerId: string,
    n: number,
    leaseMs: number,
  ): Promise<ClaimedItem[]> {
    const { db } = this.deps;
    if (n <= 0) return [];
    const candidates = await db('bulk_imports')
      .where('state', 'queued')
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(n * 2)
      .select('id');
    const claimed: string[] = [];
    for (const { id } of candidates) {
      if (claimed.length >= n) break;
      const won = await db('bulk_imports')
        .where({ id, state: 'queued' })
        .update({
          state: 'running',
          claimed_by: workerId,
          lease_until: new Date(Date.now() + leaseMs).toISOString(),
          updated_at: now(),
        });
      if (won === 1) claimed.push(id);
    }
    if (claimed.length === 0) return [];
    const rows = await db('bulk_imports').whereIn('id', claimed);
    return rows.map(toItem);
  }

  private mine(id: string, workerId: string) {
    return this.deps.db('bulk_imports').where({
      id,
      claimed_by: workerId,
      state: 'running',
    });
  }

  /** Extends the lease; false when the item is no longer this worker's. */
  async renew(id: string, workerId: string, leaseMs: number) {
    const renewed = await this.mine(id, workerId).update({
      lease_until: new Date(Date.now() + leaseMs).toISOString(),
    });
    return renewed === 1;
  }

  /** The import job the item follows; `started`: the worker asked Snyk for it (an attempt). */
  async setImportJob(
    id: string,
    workerId: string,
    importJobId: string,
    started: boolean,
  ) {
    await this.mine(id, workerId).update({
      import_job_id: importJobId,
      ...(started ? { attempts: this.deps.db.raw('attempts + 1') } : {}),
      updated_at: now(),
    });
  }

  async finish(
    id: string,
    workerId: string,
    outcome:
      | { state: 'imported' }
      | { state: 'failed'; error: string; attempted?: boolean },
  ) {
    await this.mine(id, workerId).update({
      state: outcome.state,
      error:
        outcome.state === 'failed'
          ? fitRow('bulk_imports', { error: outcome.error.slice(0, 1000) })
              .error
          : null,
      ...(outcome.state === 'failed' && outcome.attempted
        ? { attempts: this.deps.db.raw('attempts + 1') }
        : {}),
      claimed_by: null,
      lease_until: null,
      updated_at: now(),
    });
  }

  /** Gives an unfinished item back to the queue (the worker stops). */
  async release(id: string, workerId: string) {
    await this.mine(id, workerId).update({
      state: 'queued',
      claimed_by: null,
      lease_until: null,
      updated_at: now(),
    });
  }
}
