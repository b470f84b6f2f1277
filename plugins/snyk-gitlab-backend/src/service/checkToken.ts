import {
  REQUIRED_GITLAB_SCOPES,
  TokenCheck,
} from '@internal/plugin-snyk-gitlab-common';
import { GitlabAccess } from '../clients/GitlabAccess';
import { ApiError } from '../clients/http';

const WARN_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Checks the host's PAT against GitLab: active, not revoked, not expired, scopes. */
export async function checkToken(
  gitlab: GitlabAccess,
  host: string,
  now = new Date(),
): Promise<TokenCheck> {
  const checkedAt = now.toISOString();
  const access = gitlab.forHost(host);
  if (!access) {
    return {
      host,
      configured: false,
      ok: false,
      scopes: [],
      missingScopes: REQUIRED_GITLAB_SCOPES,
      problem: `No GitLab token is configured for ${host} in integrations.gitlab`,
      checkedAt,
    };
  }
  try {
    const info = await access.client.checkToken();
    const problems: string[] = [];
    if (info.revoked) problems.push('the token is revoked');
    else if (!info.active) problems.push('the token is not active');
    let expiryWarning: string | undefined;
    if (info.expiresAt) {
      const days = Math.floor(
        (Date.parse(`${info.expiresAt}T23:59:59Z`) - now.getTime()) / DAY_MS,
      );
      if (days < 0) problems.push(`the token expired on ${info.expiresAt}`);
      else if (days < WARN_DAYS) {
        expiryWarning = `the token expires on ${
          info.expiresAt
        }, in ${days} day${days === 1 ? '' : 's'}`;
      }
    }
    if (info.missingScopes.length) {
      problems.push(
        `the token is missing scopes: ${info.missingScopes.join(', ')}`,
      );
    }
    return {
      host,
      configured: true,
      ok: problems.length === 0,
      name: info.name,
      active: info.active,
      revoked: info.revoked,
      scopes: info.scopes,
      missingScopes: info.missingScopes,
      expiresAt: info.expiresAt,
      expiryWarning,
      problem: problems.length
        ? `GitLab token for ${host}: ${problems.join('; ')}`
        : undefined,
      checkedAt,
    };
  } catch (error) {
    const status = error instanceof ApiError ? error.status : undefined;
    return {
      host,
      configured: true,
      ok: false,
      scopes: [],
      missingScopes: REQUIRED_GITLAB_SCOPES,
      problem:
        status === 401
          ? `GitLab rejected the token for ${host} (unknown, revoked or expired): ${
              (error as Error).message
            }`
          : `Could not check the GitLab token for ${host}: ${
              (error as Error).message
            }`,
      checkedAt,
    };
  }
}
