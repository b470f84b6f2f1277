import { ConfigReader } from '@backstage/config';
import { readPluginOptions, snykAppUrl } from './config';

describe('snykAppUrl', () => {
  it.each([
    ['https://api.snyk.io', 'https://app.snyk.io'],
    ['https://api.eu.snyk.io', 'https://app.eu.snyk.io'],
    ['https://api.au.snyk.io/', 'https://app.au.snyk.io'],
    ['https://api.us.snyk.io', 'https://app.us.snyk.io'],
    ['https://api.snykgov.io', 'https://app.snykgov.io'],
    ['http://localhost:7102', 'https://app.snyk.io'],
  ])('links %s to %s', (api, app) => {
    expect(snykAppUrl(api)).toBe(app);
  });

  it('takes an explicit appBaseUrl over the derived one', () => {
    const options = readPluginOptions(
      new ConfigReader({
        snykGitlab: {
          snyk: {
            apiBaseUrl: 'https://api.eu.snyk.io',
            appBaseUrl: 'https://snyk.example.com/',
          },
        },
      }),
    );
    expect(options.snyk.appBaseUrl).toBe('https://snyk.example.com');
  });
});

describe('readPluginOptions', () => {
  it('keeps "Add Backstage Catalog" off unless configured, as it is optional in Snyk', () => {
    expect(
      readPluginOptions(new ConfigReader({})).catalogDefaults.enabled,
    ).toBe(false);
  });

  it.each([
    [{ filename: 'k8s/catalog-info.yaml' }, 'snykGitlab.catalog.filename'],
    [
      { attributes: { owner: 'stringData.password' } },
      'snykGitlab.catalog.attributes.owner',
    ],
    [
      { attributes: { owner: ['spec.owner', 'spec.team', 'spec.lead'] } },
      'snykGitlab.catalog.attributes.owner',
    ],
  ])('refuses catalog defaults that break the rules: %j', (catalog, key) => {
    expect(() =>
      readPluginOptions(new ConfigReader({ snykGitlab: { catalog } })),
    ).toThrow(`Invalid ${key}`);
  });

  it('reads the profiles to save at startup, and refuses an unusable name', () => {
    const read = (initialGroupProfiles: object[]) =>
      readPluginOptions(
        new ConfigReader({ snykGitlab: { initialGroupProfiles } }),
      ).initialGroupProfiles;
    expect(read([{ profileName: ' Acme ', host: 'gitlab.com' }])).toEqual([
      { profileName: 'Acme', host: 'gitlab.com' },
    ]);
    for (const profileName of [' ', 'a\u0000b', 'x'.repeat(101)]) {
      expect(() => read([{ profileName, host: 'gitlab.com' }])).toThrow(
        'Invalid snykGitlab.initialGroupProfiles: profileName',
      );
    }
  });
});
