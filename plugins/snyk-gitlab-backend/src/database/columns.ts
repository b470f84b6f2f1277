import { cleanText } from './clean';

/**
 * Every text column the store writes, with its length (undefined for `text`).
 * Mirrors the migrations; `fitRow` applies it to every row written, so no
 * remote value can fail a write on PostgreSQL (NUL bytes, overlong strings).
 */
const COLUMNS: Record<string, Record<string, number | undefined>> = {
  group_integrations: {
    id: 64,
    profile_name: 255,
    host: 255,
    catalog: undefined,
    status: 32,
    status_reason: undefined,
    last_sync_at: 32,
    last_good_sync_at: 32,
    next_sync_at: 32,
    updated_at: 32,
    updated_by: 255,
  },
  org_integrations: {
    org_id: 64,
    host: 255,
    snyk_integration_id: 64,
    status: 32,
    status_reason: undefined,
    last_checked_at: 32,
    updated_at: 32,
    updated_by: 255,
  },
  gitlab_tokens: {
    host: 255,
    name: 255,
    scopes: undefined,
    missing_scopes: undefined,
    expires_at: 32,
    expiry_warning: undefined,
    problem: undefined,
    checked_at: 32,
  },
  repositories: {
    host: 255,
    path: 1024,
    path_lower: 1024,
    default_branch: 255,
    web_url: 2048,
    last_activity_at: 32,
    catalog_filename: 255,
    catalog_fingerprint: 64,
    catalog_blob_id: 64,
    catalog_attributes: undefined,
    catalog_problems: undefined,
    entity_refs: undefined,
    synced_at: 32,
    owner: 256,
    system: 256,
    entity_ref: 512,
    org_id: 64,
    target_id: 64,
  },
  repository_entities: { entity_ref: 512, host: 255 },
  snyk_targets: {
    org_id: 64,
    target_id: 64,
    display_name: 1024,
    display_name_lower: 1024,
    url: 2048,
    projects: undefined,
    updated_at: 32,
  },
  import_jobs: {
    id: 64,
    org_id: 64,
    integration_id: 64,
    snyk_job_id: 64,
    host: 255,
    path: 1024,
    status: 16,
    error: undefined,
    created_by: 255,
    created_at: 32,
    updated_at: 32,
    polled_at: 32,
  },
  bulk_imports: {
    id: 64,
    batch_id: 64,
    org_id: 64,
    host: 255,
    path: 1024,
    state: 16,
    error: undefined,
    import_job_id: 64,
    claimed_by: 64,
    lease_until: 32,
    created_by: 255,
    created_at: 32,
    updated_at: 32,
  },
  audit_log: {
    actor: 255,
    action: 64,
    subject: 1024,
    details: undefined,
    created_at: 32,
  },
  snyk_inventory: {
    id: 64,
    group_id: 64,
    host: 255,
    availability: 32,
    reason: undefined,
    checked_at: 32,
    read_at: 32,
  },
  snyk_assets: {
    host: 255,
    path_lower: 1024,
    asset_id: 64,
    name: 1024,
    repository_url: 2048,
    browse_url: 2048,
    snyk_updated_at: 32,
    repository_freshness: 64,
    attributes: undefined,
  },
};

/** A row fit for its table: every string cleaned and cut to its column. */
export function fitRow<T extends Record<string, unknown>>(
  table: string,
  row: T,
): T {
  const columns = COLUMNS[table];
  if (!columns) throw new Error(`No column limits for table ${table}`);
  const out: Record<string, unknown> = { ...row };
  for (const [key, value] of Object.entries(row)) {
    if (typeof value !== 'string') continue;
    if (!(key in columns)) {
      throw new Error(`No column limit for ${table}.${key}`);
    }
    out[key] = cleanText(value, columns[key], { multiline: true });
  }
  return out as T;
}

/** The length of a column, for checks before writing. */
export function columnLength(table: string, column: string) {
  return COLUMNS[table]?.[column];
}
