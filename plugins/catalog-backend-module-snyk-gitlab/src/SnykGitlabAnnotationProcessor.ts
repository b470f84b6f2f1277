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
export const SNYK_ORG_NAME = 'snyk.io/org-name';
export const SNYK_TARGET_ID = 'snyk.io/target-id';

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
 * GitLab-sourced components, as the community Snyk plugin reads them. It only
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
    const ownSnykOrg = existing[SNYK_ORG_ID] || existing[SNYK_ORG_NAME];
    if (!ownSnykOrg && entry?.orgId) {
      added[SNYK_ORG_ID] = entry.orgId;
      if (!existing[SNYK_TARGET_ID] && entry.targetId)
        added[SNYK_TARGET_ID] = entry.targetId;
    }
    if (Object.keys(added).length === 0) return entity;
    return {
      ...entity,
      metadata: { ...entity.metadata, annotations: { ...existing, ...added } },
    };
  }
}
