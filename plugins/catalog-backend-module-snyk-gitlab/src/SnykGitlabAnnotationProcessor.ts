import { Entity } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { RepositoryIndexCache } from './RepositoryIndexCache';
import { GitlabSource, PROJECT_SLUG, gitlabSourceOf } from './gitlabSource';

export const SNYK_ORG_ID = 'snyk.io/org-id';
export const SNYK_ORG_IDS = 'snyk.io/org-ids';
/** The 1.x plugin's org; 2.x reads only org ids, so it is kept, not followed. */
export const SNYK_ORG_NAME = 'snyk.io/org-name';
export const SNYK_TARGET_ID = 'snyk.io/target-id';
/**
 * The owner's choice of what the community plugin shows: any of these set,
 * a target id of ours would be added to (or replace) it, so none is added.
 */
const OWNER_TARGET_CHOICES = [
  'snyk.io/targets',
  'snyk.io/target-id',
  'snyk.io/target-name',
  'snyk.io/project-ids',
  'github.com/project-slug',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrUndefined = (value: string | undefined) =>
  value !== undefined && UUID.test(value) ? value : undefined;

/**
 * The Snyk annotations to add for the community plugin (backstage-plugin-snyk
 * 2.x), from the index's org and target. Owners' intent wins: no annotation
 * the entity has is replaced; no org is added when the owner set one (even
 * blank: the plugin still reads it); a target is added only when the owner
 * chose none and the plugin will call exactly the index's org with it; and
 * only UUIDs are written.
 */
export function snykAnnotationsToAdd(
  existing: Record<string, string>,
  entry: { orgId?: string; targetId?: string } | undefined,
): Record<string, string> {
  const orgId = uuidOrUndefined(entry?.orgId);
  if (!orgId) return {};
  const added: Record<string, string> = {};
  if (
    existing[SNYK_ORG_IDS] === undefined &&
    existing[SNYK_ORG_ID] === undefined
  ) {
    added[SNYK_ORG_ID] = orgId;
  }
  // The orgs the plugin calls: org-ids when present, else org-id, each a
  // comma list it does not trim. With org-ids a target would go to each org.
  const pluginOrgs =
    existing[SNYK_ORG_IDS] === undefined
      ? (existing[SNYK_ORG_ID] ?? orgId).split(',')
      : [];
  const targetId = uuidOrUndefined(entry?.targetId);
  const ownerChoseTarget = OWNER_TARGET_CHOICES.some(a => existing[a]?.trim());
  if (
    targetId &&
    existing[SNYK_TARGET_ID] === undefined &&
    !ownerChoseTarget &&
    pluginOrgs.length === 1 &&
    pluginOrgs[0].toLowerCase() === orgId.toLowerCase()
  ) {
    added[SNYK_TARGET_ID] = targetId;
  }
  return added;
}

/** Kept in the entity's processor cache: what the last loaded index said of its source. */
type Remembered = {
  source: string;
  path?: string;
  orgId?: string;
  targetId?: string;
};
const REMEMBERED = 'index-entry';

const sourceKey = (s: GitlabSource) =>
  `${s.host ?? ''}|${s.projectId ?? ''}|${s.path?.toLowerCase() ?? ''}`;

/**
 * Adds `gitlab.com/project-slug`, `snyk.io/org-id` and `snyk.io/target-id` to
 * GitLab-sourced components, as the community Snyk plugin reads them (see
 * `snykAnnotationsToAdd` for when the Snyk ones are left out). It only
 * reads the in-memory index: no network call, and it never throws. Until the
 * index has loaded once (e.g. after a restart) it uses what the last loaded
 * index said of the entity, kept in the entity's processor cache, so the
 * annotations do not come and go.
 */
export class SnykGitlabAnnotationProcessor implements CatalogProcessor {
  constructor(
    private readonly index: RepositoryIndexCache,
    private readonly gitlabHosts: string[],
    private readonly logger: LoggerService,
  ) {}

  getProcessorName() {
    return 'SnykGitlabAnnotationProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    _emit?: CatalogProcessorEmit,
    _originLocation?: LocationSpec,
    cache?: CatalogProcessorCache,
  ): Promise<Entity> {
    try {
      return await this.enrich(entity, location, cache);
    } catch (error) {
      this.logger.debug(
        `Could not enrich ${entity?.metadata?.name}: ${
          (error as Error).message
        }`,
      );
      return entity;
    }
  }

  /** The index's entry for the source, or while it is not loaded, the remembered one. */
  private async entryFor(
    source: GitlabSource,
    cache?: CatalogProcessorCache,
  ): Promise<Omit<Remembered, 'source'> | undefined> {
    const key = sourceKey(source);
    if (!this.index.loaded) {
      const remembered = await cache?.get<Remembered>(REMEMBERED);
      // Not set in this run, the cache keeps it for the next.
      return remembered?.source === key && remembered.path
        ? remembered
        : undefined;
    }
    const entry = this.index.find(source);
    const remembered: Remembered = { source: key };
    if (entry) {
      remembered.path = entry.path;
      if (entry.orgId) remembered.orgId = entry.orgId;
      if (entry.targetId) remembered.targetId = entry.targetId;
    }
    await cache?.set<Remembered>(REMEMBERED, remembered);
    return entry;
  }

  private async enrich(
    entity: Entity,
    location: LocationSpec,
    cache?: CatalogProcessorCache,
  ): Promise<Entity> {
    if (entity.kind !== 'Component') return entity;
    const extra = location.type === 'url' ? location.target : undefined;
    const source = gitlabSourceOf(entity, this.gitlabHosts, extra);
    if (!source) return entity;
    const existing = entity.metadata.annotations ?? {};
    const entry = await this.entryFor(source, cache);
    const added: Record<string, string> = {};
    const slug = entry?.path ?? source.path;
    if (!existing[PROJECT_SLUG] && slug) added[PROJECT_SLUG] = slug;
    Object.assign(added, snykAnnotationsToAdd(existing, entry));
    if (Object.keys(added).length === 0) return entity;
    return {
      ...entity,
      metadata: { ...entity.metadata, annotations: { ...existing, ...added } },
    };
  }
}
