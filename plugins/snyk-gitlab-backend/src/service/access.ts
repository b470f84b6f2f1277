import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  EntityStatusQuery,
  entityGitlabHost,
  entityRepositoryQuery,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { Request } from 'express';

/** Who may do what: Backstage permissions and catalog read access. */
export class Access {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      catalog: CatalogService;
    },
  ) {}

  /** A signed-in user's or a service's credentials. */
  caller(req: Request) {
    return this.deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
  }

  /** A backend service's credentials. */
  service(req: Request) {
    return this.deps.httpAuth.credentials(req, { allow: ['service'] });
  }

  /** A signed-in user's credentials. */
  user(req: Request) {
    return this.deps.httpAuth.credentials(req, { allow: ['user'] });
  }

  async allowed(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<boolean> {
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  async require(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<void> {
    if (!(await this.allowed(credentials, permission))) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
  }

  async requireOn(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    resourceRef: string,
  ): Promise<void> {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission, resourceRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name} on ${resourceRef}`,
      );
    }
  }

  /**
   * A resource permission for every resource at once (e.g. a bulk import):
   * only an unconditional ALLOW counts; a conditional decision (e.g. "only
   * the entity's owners") or DENY is refused.
   */
  async requireForAll(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
  ): Promise<void> {
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name} on every repository`,
      );
    }
  }

  /**
   * The entity as the caller may read it in the catalog (the catalog applies
   * its read permission with the caller's credentials); 404 otherwise.
   */
  async readableEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No catalog entity ${entityRef} that you may read`,
      );
    }
    return entity;
  }
}

/**
 * How an entity's repository is found, from the entity as the catalog has it.
 * Annotations are the entity author's word, so they are trusted only with
 * `trustAnnotations` (callers who may read or manage any repository anyway);
 * otherwise only a repository whose own catalog file declares the entity is
 * its repository: no author can point an entity at a repository they don't
 * control. Either way the entity's location (on one of `gitlabHosts`) names
 * the host to look on, which only narrows the search.
 */
export function repositoryQueryOf(
  entity: Entity,
  options: { trustAnnotations: boolean; gitlabHosts?: string[] },
): EntityStatusQuery {
  const entityRef = stringifyEntityRef(entity);
  const { annotations } = entity.metadata;
  const host = entityGitlabHost(annotations, options.gitlabHosts ?? []);
  const query: EntityStatusQuery = options.trustAnnotations
    ? entityRepositoryQuery(entityRef, annotations)
    : { entityRef };
  return host ? { ...query, host } : query;
}
