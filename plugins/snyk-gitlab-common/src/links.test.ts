import { safeLink, SNYK_APP_HOSTS } from './links';

describe('safeLink', () => {
  const gitlab = ['https://gitlab.example.com'];

  it('keeps http(s) links on an allowed origin or host', () => {
    expect(safeLink('https://gitlab.example.com/acme/api', gitlab)).toBe(
      'https://gitlab.example.com/acme/api',
    );
    expect(safeLink('https://app.eu.snyk.io/org/x', SNYK_APP_HOSTS)).toBe(
      'https://app.eu.snyk.io/org/x',
    );
  });

  /* eslint-disable no-script-url -- the refused links are the point */
  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//gitlab.example.com/acme/api',
    'https://evil.example.com/acme/api',
    'https://gitlab.example.com.evil.com/x',
    'http://gitlab.example.com:8080/x',
    'https://user:pass@gitlab.example.com/x',
    `https://gitlab.example.com/${'a'.repeat(3000)}`,
    'not a url',
  ])('refuses %s', value => {
    /* eslint-enable no-script-url */
    expect(safeLink(value, gitlab)).toBeUndefined();
  });

  it('refuses anything that is not a string', () => {
    expect(safeLink(undefined, gitlab)).toBeUndefined();
    expect(safeLink({ href: 'https://gitlab.example.com' }, gitlab)).toBe(
      undefined,
    );
  });
});
