import {
  BulkImportItemState,
  InventoryFilter,
  InventoryPage,
  InventoryRow,
  InventorySort,
  SortOrder,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Knex } from 'knex';

/** What selects and orders the inventory table's rows (paging aside). */
export interface InventorySelection {
  host?: string;
  filter: InventoryFilter[];
  q?: string;
  sort: InventorySort;
  order: SortOrder;
}

const SORT_COLUMNS: Record<InventorySort, string> = {
  path: 'path_lower',
  owner: 'owner',
  system: 'system',
  critical: 'critical_count',
  high: 'high_count',
  entity: 'entity_ref',
};

const COLUMNS = [
  'host',
  'project_id',
  'path',
  'path_lower',
  'web_url',
  'entity_ref',
  'owner',
  'system',
  'catalog_present',
  'catalog_problems',
  'org_id',
  'target_id',
  'critical_count',
  'high_count',
  'medium_count',
  'low_count',
];

/** `!` escapes LIKE's wildcards and itself. */
const likeEscaped = (text: string) => text.replace(/[!%_]/g, c => `!${c}`);

/**
 * The sort key, then host, path and project id: a total order for paging.
 * By path, repositories are ordered within their host (the index on
 * host and lower-cased path serves it).
 */
function sortKeys(s: InventorySelection): Array<[string, SortOrder]> {
  const byPath = (order: SortOrder): Array<[string, SortOrder]> => [
    ['host', order],
    ['path_lower', order],
    ['project_id', order],
  ];
  return s.sort === 'path'
    ? byPath(s.order)
    : [[SORT_COLUMNS[s.sort], s.order], ...byPath('asc')];
}

/** Rows strictly after `last` in the order of `keys` (keyset paging). */
function whereAfter(
  query: Knex.QueryBuilder,
  keys: Array<[string, SortOrder]>,
  last: Record<string, unknown>,
  i = 0,
): Knex.QueryBuilder {
  const [column, order] = keys[i];
  const op = order === 'asc' ? '>' : '<';
  const value = last[column] as Knex.Value;
  if (i === keys.length - 1) return query.where(column, op, value);
  return query.where(q =>
    q
      .where(column, op, value)
      .orWhere(eq =>
        eq
          .where(column, value)
          .where(rest => whereAfter(rest, keys, last, i + 1)),
      ),
  );
}

const parseList = (text: string | null): string[] => {
  try {
    const value = text ? JSON.parse(text) : [];
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
};

function toRow(row: any): InventoryRow {
  const imported = Boolean(row.target_id);
  return {
    host: row.host,
    projectId: Number(row.project_id),
    path: row.path,
    webUrl: row.web_url,
    entityRef: row.entity_ref || undefined,
    owner: row.owner || undefined,
    system: row.system || undefined,
    catalogFile: {
      present: Boolean(row.catalog_present),
      problems: parseList(row.catalog_problems),
    },
    orgId: row.org_id ?? undefined,
    targetId: row.target_id ?? undefined,
    imported,
    issueCounts: imported
      ? {
          critical: Number(row.critical_count),
          high: Number(row.high_count),
          medium: Number(row.medium_count),
          low: Number(row.low_count),
        }
      : undefined,
  };
}

/** The platform engineer's inventory table, filtered, sorted and paged by the database. */
export class InventoryQueries {
  constructor(private readonly db: Knex) {}

  /** Repositories matching the host, the filters (all of them) and `q`. */
  private selected(s: Pick<InventorySelection, 'host' | 'filter' | 'q'>) {
    const query = this.db('repositories');
    if (s.host) query.where('host', s.host);
    for (const filter of new Set(s.filter)) {
      if (filter === 'no_catalog_file') query.where('catalog_present', false);
      if (filter === 'catalog_problems') query.where('problem_count', '>', 0);
      if (filter === 'not_imported') query.whereNull('target_id');
      if (filter === 'critical_issues') query.where('critical_count', '>', 0);
    }
    if (s.q) {
      query.whereRaw(`path_lower like ? escape '!'`, [
        `%${likeEscaped(s.q.toLowerCase())}%`,
      ]);
    }
    return query;
  }

  async count(s: Pick<InventorySelection, 'host' | 'filter' | 'q'>) {
    const [{ n }] = await this.selected(s).count({ n: '*' });
    return Number(n);
  }

  async page(
    s: InventorySelection,
    offset: number,
    limit: number,
  ): Promise<InventoryPage> {
    const rows = await this.selected(s)
      .select(COLUMNS)
      .orderBy(sortKeys(s).map(([column, order]) => ({ column, order })))
      .offset(offset)
      .limit(limit);
    return {
      items: await this.withImportStates(rows.map(toRow)),
      totalCount: await this.count(s),
      offset,
      limit,
    };
  }

  /** Every selected row in order, `size` at a time (keyset pages: no offset scans). */
  async *chunks(
    s: InventorySelection,
    size = 1000,
  ): AsyncGenerator<InventoryRow[]> {
    const keys = sortKeys(s);
    let last: Record<string, unknown> | undefined;
    for (;;) {
      const query = this.selected(s)
        .select(COLUMNS)
        .orderBy(keys.map(([column, order]) => ({ column, order })))
        .limit(size);
      if (last) whereAfter(query, keys, last);
      const rows = await query;
      if (rows.length === 0) return;
      yield this.withImportStates(rows.map(toRow));
      if (rows.length < size) return;
      last = rows[rows.length - 1];
    }
  }

  /** Inventory rows by host and project id; unknown ones are left out. */
  async find(
    keys: Array<{ host: string; projectId: number }>,
  ): Promise<InventoryRow[]> {
    const out: InventoryRow[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db('repositories')
        .whereIn(
          ['host', 'project_id'],
          keys.slice(i, i + 500).map(k => [k.host, k.projectId]),
        )
        .select(COLUMNS);
      out.push(...rows.map(toRow));
    }
    return out;
  }

  /** Adds the state of each repository's latest bulk import item. */
  private async withImportStates(rows: InventoryRow[]) {
    if (rows.length === 0) return rows;
    const items = await this.db('bulk_imports')
      .whereIn(
        ['host', 'project_id'],
        rows.map(r => [r.host, r.projectId]),
      )
      .select('host', 'project_id', 'state', 'error', 'created_at', 'id')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    const latest = new Map<
      string,
      { state: BulkImportItemState; error?: string }
    >();
    for (const item of items) {
      const key = `${item.host}|${Number(item.project_id)}`;
      if (!latest.has(key)) {
        latest.set(key, { state: item.state, error: item.error ?? undefined });
      }
    }
    return rows.map(row => {
      const item = latest.get(`${row.host}|${row.projectId}`);
      return item
        ? { ...row, importState: item.state, importError: item.error }
        : row;
    });
  }
}
