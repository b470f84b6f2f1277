import { Entity } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import { CatalogProcessor, LocationSpec } from '@backstage/plugin-catalog-node';
import { RepositoryIndexCache } from './RepositoryIndexCache';
import { PROJECT_SLUG, gitlabSourceOf } from './gitlabSource';

export const SNYK_ORG_ID = 'snyk.io/org-id';
export const SNYK_ORG_NAME = 'snyk.io/org-name';
export const SNYK_TARGET_ID = 'snyk.io/target-id';

/**
 * Adds `gitlab.com/project-slug`, `snyk.io/org-id` and `snyk.io/target-id` to
 * GitLab-sourced components, as the community Snyk plugin reads them. It only
 * reads the in-memory index: no network call, and it never throws.
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
  ): Promise<Entity> {
    try {
      return this.enrich(entity, location);
    } catch (error) {
      this.logger.debug(
        `Could not enrich ${entity?.metadata?.name}: ${
          (error as Error).message
        }`,
      );
      return entity;
    }
  }

  private enrich(entity: Entity, location: LocationSpec): Entity {
    if (entity.kind !== 'Component') return entity;
    const extra = location.type === 'url' ? location.target : undefined;
    const source = gitlabSourceOf(entity, this.gitlabHosts, extra);
    if (!source) return entity;
    const existing = entity.metadata.annotations ?? {};
    const entry = this.index.find(source);
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
