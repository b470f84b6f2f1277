import { screen } from '@testing-library/react';
import { snykGitlabIntegrationReadPermission } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { fakePlatformApi, renderWithApis } from '../../__testUtils__/platform';
import { SnykGitlabPage } from './SnykGitlabPage';

// Its own file: usePermission caches decisions for the whole file.
describe('SnykGitlabPage without the read permission', () => {
  it('tells users without the read permission what they need, without calling the backend', async () => {
    const { api, calls } = fakePlatformApi();
    await renderWithApis(<SnykGitlabPage />, api, { read: false });
    expect(
      await screen.findByText('You need permission to see this page'),
    ).toBeVisible();
    expect(
      screen.getByText(new RegExp(snykGitlabIntegrationReadPermission.name)),
    ).toBeVisible();
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    expect(calls).toEqual([]);
  });
});
