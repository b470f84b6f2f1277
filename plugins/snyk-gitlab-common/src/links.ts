/** Snyk's app hosts, one per region; links to Snyk go only there. */
export const SNYK_APP_HOSTS = [
  'app.snyk.io',
  'app.eu.snyk.io',
  'app.au.snyk.io',
  'app.us.snyk.io',
  'app.snykgov.io',
];

const MAX_LINK_LENGTH = 2048;

/**
 * The one check for links built from remote data: the URL when it is http(s),
 * has no credentials and is on one of the allowed places (an origin such as
 * `https://gitlab.example.com`, or a bare host such as `gitlab.com`); else
 * undefined.
 */
export function safeLink(
  value: unknown,
  allowed: string[],
): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_LINK_LENGTH) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  const ok = allowed.some(place => {
    if (!place.includes('://')) return url.host === place.toLowerCase();
    try {
      return url.origin === new URL(place).origin;
    } catch {
      return false;
    }
  });
  return ok ? url.toString() : undefined;
}
