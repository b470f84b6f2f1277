import { LoggerService } from '@backstage/backend-plugin-api';
import { GitlabHostAccess } from '../clients/GitlabAccess';
import {
  GraphqlUnavailableError,
  ListedProject,
} from '../clients/GitlabGraphql';

export interface ListedPage {
  projects: ListedProject[];
  /** GraphQL pages carry each project's catalog blob; REST pages do not. */
  via: 'graphql' | 'rest';
}

/**
 * A host's projects, page by page: through GraphQL with each project's
 * catalog blob id when GitLab offers it, else through REST.
 */
export async function* listProjects(
  access: GitlabHostAccess,
  groups: string[],
  catalogFile: string | undefined,
  logger: LoggerService,
  signal?: AbortSignal,
): AsyncGenerator<ListedPage> {
  let pages = 0;
  try {
    for await (const projects of access.client.graphql.listProjects(
      groups,
      access.baseUrl,
      catalogFile,
      signal,
    )) {
      pages += 1;
      yield { projects, via: 'graphql' };
    }
    return;
  } catch (error) {
    // Only before the first page: a switch midway would list twice.
    if (!(error instanceof GraphqlUnavailableError) || pages > 0) throw error;
    logger.info(
      `Snyk GitLab sync of ${access.host} lists projects through REST: ${error.message}`,
    );
  }
  for await (const projects of access.client.listProjects(groups, signal)) {
    yield { projects, via: 'rest' };
  }
}
