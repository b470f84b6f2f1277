import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakePlatformApi,
  platformState,
  renderWithApis,
} from '../../__testUtils__/platform';
import { SnykGitlabPage } from './SnykGitlabPage';

describe('SnykGitlabPage', () => {
  it('shows a loading state until the integrations are read', async () => {
    const { api } = fakePlatformApi();
    let answer: (value: typeof platformState) => void = () => {};
    api.getState = () => new Promise(resolve => (answer = resolve));
    await renderWithApis(<SnykGitlabPage />, api);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    answer(platformState);
    expect(await screen.findByText('1/2 profiles connected')).toBeVisible();
  });

  it('shows the backend error when the state cannot be read', async () => {
    const { api } = fakePlatformApi();
    api.getState = async () => {
      throw new Error('The backend is down');
    };
    await renderWithApis(<SnykGitlabPage />, api);
    expect(await screen.findByText('Error: The backend is down')).toBeVisible();
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
  });

  it('says the same when the backend answers without the details', async () => {
    const { api } = fakePlatformApi({
      state: {
        ...platformState,
        readable: false,
        groups: [],
        orgs: [],
        tokens: [],
      },
    });
    await renderWithApis(<SnykGitlabPage />, api);
    expect(
      await screen.findByText('You need permission to see this page'),
    ).toBeVisible();
  });

  it('opens the tab named in the URL and keeps the chosen tab there', async () => {
    const { api } = fakePlatformApi();
    await renderWithApis(<SnykGitlabPage />, api, undefined, [
      '/?tab=org-settings',
    ]);
    expect(
      await screen.findByRole('tab', { name: 'Org settings', selected: true }),
    ).toBeVisible();
    expect(
      await screen.findByRole('region', {
        name: 'GitLab integration settings of Acme Payments',
      }),
    ).toBeVisible();

    await userEvent.click(screen.getByRole('tab', { name: 'Inventory' }));
    expect(
      screen.getByRole('tab', { name: 'Inventory', selected: true }),
    ).toBeVisible();
    const panel = screen.getByRole('tabpanel');
    expect(
      await within(panel).findByRole('region', {
        name: 'Repository inventory',
      }),
    ).toBeVisible();
  });
});
