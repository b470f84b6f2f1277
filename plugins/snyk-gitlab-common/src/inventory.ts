import type { BulkImportItemState } from './bulkImport';
import type { IssueCounts } from './types';

/**
 * Filters of `GET /inventory` (a comma list in the query; all must hold):
 * no catalog file, catalog file problems, not imported into its Snyk org,
 * critical issues in Snyk.
 */
export const INVENTORY_FILTERS = [
  'no_catalog_file',
  'catalog_problems',
  'not_imported',
  'critical_issues',
] as const;

export type InventoryFilter = (typeof INVENTORY_FILTERS)[number];

/** Sort keys of `GET /inventory`; `owner` and `system` are catalog attributes. */
export const INVENTORY_SORTS = [
  'path',
  'owner',
  'system',
  'critical',
  'high',
  'entity',
] as const;

export type InventorySort = (typeof INVENTORY_SORTS)[number];

export type SortOrder = 'asc' | 'desc';

export const INVENTORY_DEFAULT_LIMIT = 50;
export const INVENTORY_MAX_LIMIT = 500;
/** Longest `q` (a case-insensitive substring of the path). */
export const INVENTORY_MAX_QUERY_LENGTH = 200;

/** The query of `GET /inventory` and `GET /inventory/export.csv` (no paging there). */
export interface InventoryQuery {
  host?: string;
  filter?: InventoryFilter[];
  q?: string;
  /** Default `path`. */
  sort?: InventorySort;
  /** Default `asc`. */
  order?: SortOrder;
  /** Default 0. */
  offset?: number;
  /** 1..500, default 50. */
  limit?: number;
}

/** One repository of the platform engineer's inventory table. */
export interface InventoryRow {
  host: string;
  projectId: number;
  path: string;
  webUrl: string;
  /** The first entity its catalog file declares. */
  entityRef?: string;
  /** The catalog file's Owner attribute (e.g. `spec.owner`). */
  owner?: string;
  /** The catalog file's Application attribute (e.g. `spec.system`). */
  system?: string;
  catalogFile: { present: boolean; problems: string[] };
  /** The Snyk org configured for the repository (`snykGitlab.snyk.orgs`). */
  orgId?: string;
  /** Its Snyk target in that org, once imported. */
  targetId?: string;
  imported: boolean;
  /** Latest issue counts of the target's projects, once imported. */
  issueCounts?: IssueCounts;
  /** The state of its latest bulk import item, if any. */
  importState?: BulkImportItemState;
  importError?: string;
}

/** The answer of `GET /inventory`. */
export interface InventoryPage {
  items: InventoryRow[];
  totalCount: number;
  offset: number;
  limit: number;
}
