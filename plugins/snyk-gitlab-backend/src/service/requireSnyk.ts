import { ConflictError } from '@backstage/errors';

/** `value` (the Snyk client, or whether one is configured), else a 409 saying how to configure it. */
export function requireSnyk<T>(value: T | undefined | false, detail = ''): T {
  if (!value) {
    throw new ConflictError(
      `Snyk is not configured: set snykGitlab.snyk.token in app-config${detail}`,
    );
  }
  return value;
}
