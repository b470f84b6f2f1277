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
import { entityRepositoryQuery } from '@snyk-gitlab/plugin-snyk-gitlab-common';
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
 * control.
 */
export function repositoryQueryOf(
  entity: Entity,
  options: { trustAnnotations: boolean },
) {
  const entityRef = stringifyEntityRef(entity);
  return options.trustAnnotations
    ? entityRepositoryQuery(entityRef, entity.metadata.annotations)
    : { entityRef };
}
