import type { InventoryFilter } from './inventory';

export const BULK_IMPORT_ITEM_STATES = [
  'queued',
  'running',
  'imported',
  'failed',
] as const;

export type BulkImportItemState = (typeof BULK_IMPORT_ITEM_STATES)[number];

/** Most repositories named in one `POST /imports/bulk`. */
export const BULK_IMPORT_MAX_REPOSITORIES = 5000;

/** One repository of a bulk import, imported by the backend's queue. */
export interface BulkImportItem {
  id: string;
  batchId: string;
  host: string;
  projectId: number;
  path: string;
  orgId: string;
  state: BulkImportItemState;
  /** How many Snyk imports the queue started for it. */
  attempts: number;
  error?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The body of `POST /imports/bulk`: exactly one of `repositories` (at most
 * 5,000) or `filter` (the inventory's filters; `filter.filter` may also be
 * sent as a comma list).
 */
export interface BulkImportRequest {
  repositories?: Array<{ host: string; projectId: number }>;
  filter?: { host?: string; filter?: InventoryFilter[]; q?: string };
}

export type BulkImportSkipReason =
  | 'already_imported'
  | 'already_queued'
  | 'unknown_repository'
  | 'no_org';

/** Most skipped repositories `POST /imports/bulk` lists; `skippedCount` counts them all. */
export const BULK_IMPORT_SKIPPED_LISTED = 100;

/** The answer of `POST /imports/bulk` (202). */
export interface BulkImportAccepted {
  batchId: string;
  queued: number;
  /** How many repositories were skipped. */
  skippedCount: number;
  /** The first skipped repositories (at most `BULK_IMPORT_SKIPPED_LISTED`), with why. */
  skipped: Array<{
    host: string;
    projectId: number;
    reason: BulkImportSkipReason;
  }>;
}

export interface BulkImportCounts {
  queued: number;
  running: number;
  imported: number;
  failed: number;
}

/** The answer of `GET /imports/bulk?batchId=&state=&offset=&limit=`. */
export interface BulkImportList {
  /** Items per state, of the batch (or of all batches). */
  counts: BulkImportCounts;
  items: BulkImportItem[];
  /** Items matching batchId and state. */
  totalCount: number;
}

/** The body of `POST /imports/bulk/retry`: failed items of a batch, or by id. */
export interface BulkImportRetryRequest {
  batchId?: string;
  ids?: string[];
}

export interface BulkImportRetryResult {
  requeued: number;
}
