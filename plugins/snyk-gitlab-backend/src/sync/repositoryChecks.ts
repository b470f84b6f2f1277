import { safeLink } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { GitlabProjectInfo } from '../clients/GitlabClient';
import { ApiError } from '../clients/http';
import { isCleanText } from '../database/clean';
import { columnLength } from '../database/columns';
import { StoredRepository } from '../database/SnykGitlabStore';

/** A listed GitLab project whose fields fit the inventory. */
export interface CheckedProject extends GitlabProjectInfo {
  /** Why the catalog file can't be read, e.g. an unusable branch name. */
  problem?: string;
}

const fits = (value: unknown, column: string) =>
  typeof value === 'string' &&
  value.length > 0 &&
  isCleanText(value, columnLength('repositories', column)!);

/**
 * Checks a project as GitLab listed it: undefined when its path can't be
 * stored; an unusable default branch is the repository's problem; a web URL
 * off the GitLab host is replaced by one built from the path.
 */
export function checkProject(
  project: GitlabProjectInfo,
  baseUrl: string,
): CheckedProject | undefined {
  if (!Number.isSafeInteger(project.id) || !fits(project.path, 'path')) {
    return undefined;
  }
  const checked: CheckedProject = {
    ...project,
    webUrl:
      safeLink(project.webUrl, [baseUrl]) ??
      `${baseUrl.replace(/\/+$/, '')}/${project.path}`,
    lastActivityAt: fits(project.lastActivityAt, 'last_activity_at')
      ? project.lastActivityAt
      : undefined,
  };
  if (
    project.defaultBranch !== undefined &&
    !fits(project.defaultBranch, 'default_branch')
  ) {
    checked.defaultBranch = undefined;
    checked.problem =
      'the default branch name is not usable (over 255 characters or control characters); the catalog file was not read';
  }
  return checked;
}

function describeFailure(error: unknown, filename: string) {
  if (error instanceof ApiError && error.tooLarge) {
    return `${filename} is larger than the catalog file limit and was not read`;
  }
  if (error instanceof ApiError && error.status === 403) {
    return `the token may not read ${filename} in this project (403)`;
  }
  // ApiError messages hold no secrets; anything else is not shown.
  return error instanceof ApiError
    ? `${filename} could not be read: ${error.message}`
    : `${filename} could not be read`;
}

/**
 * A repository whose catalog file could not be read. A definite answer (403,
 * too large) leaves no attributes until the file changes; a passing failure
 * keeps the last good ones and is read again at the next sync.
 */
export function readFailed(
  repository: StoredRepository,
  error: unknown,
  before?: StoredRepository,
): StoredRepository {
  const problem = describeFailure(error, repository.catalogFile.filename);
  const definite =
    error instanceof ApiError && (error.tooLarge || error.status === 403);
  if (definite) {
    repository.catalogFile.problems.push(problem);
    return repository;
  }
  if (!before?.catalogFile.present) {
    repository.catalogFile.problems.push(problem);
    // No fingerprint: the next sync reads this repository again.
    return { ...repository, catalogFingerprint: '' };
  }
  return {
    ...repository,
    // No fingerprint: the next sync reads this repository again.
    catalogFingerprint: '',
    catalogFile: {
      ...before.catalogFile,
      problems: [problem, ...before.catalogFile.problems],
    },
    entityRefs: before.entityRefs,
  };
}
