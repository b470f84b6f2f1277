import {
  TokenCheck,
  tokenScopeFacts as scopeFacts,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
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
      ...scopeFacts([]),
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
      // A PAT expires at 00:00 UTC on its expiry date: that day is already too late.
      const left = Date.parse(`${info.expiresAt}T00:00:00Z`) - now.getTime();
      const days = Math.floor(left / DAY_MS);
      if (left <= 0) problems.push(`the token expired on ${info.expiresAt}`);
      else if (days < WARN_DAYS) {
        expiryWarning = `the token expires on ${info.expiresAt} at 00:00 UTC, ${
          days === 0
            ? 'in less than a day'
            : `in ${days} day${days === 1 ? '' : 's'}`
        }`;
      }
    }
    const facts = scopeFacts(info.scopes);
    if (facts.missingScopes.length) {
      problems.push(
        `the token needs the ${facts.missingScopes.join(
          ' or ',
        )} scope to list projects and read catalog files`,
      );
    }
    return {
      host,
      configured: true,
      ok: problems.length === 0,
      name: info.name,
      active: info.active,
      revoked: info.revoked,
      ...facts,
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
      ...scopeFacts([]),
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
