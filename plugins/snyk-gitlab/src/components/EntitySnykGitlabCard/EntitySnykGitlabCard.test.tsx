import { screen, within } from '@testing-library/react';
import { SnykGitlabApi } from '../../api/SnykGitlabApi';
import { renderForEntity } from '../../__testUtils__/render';
import {
  fakeApi,
  group,
  org,
  repository,
  target,
  token,
} from '../../__testUtils__/fixtures';
import { EntitySnykGitlabCard } from './EntitySnykGitlabCard';

const renderCard = (api: SnykGitlabApi) =>
  renderForEntity(<EntitySnykGitlabCard tabPath="snyk" />, api);

describe('EntitySnykGitlabCard', () => {
  it("links to the tab at snyk-gitlab by default, not the community plugin's snyk", async () => {
    const { api } = fakeApi({ group, org, token, repository, target });
    renderForEntity(<EntitySnykGitlabCard />, api);
    await screen.findByRole('table', { name: 'Snyk status' });
    expect(
      screen.getByText('Integrate with Snyk').closest('a'),
    ).toHaveAttribute('href', '/snyk-gitlab');
  });

  it('shows connected, imported and the issue counts, from one request', async () => {
    const { api, calls } = fakeApi({ group, org, token, repository, target });
    await renderCard(api);
    const table = await screen.findByRole('table', { name: 'Snyk status' });
    expect(within(table).getByText('Connected')).toBeInTheDocument();
    expect(within(table).getByText('Imported')).toBeInTheDocument();
    expect(within(table).getByText('1 critical')).toBeInTheDocument();
    expect(within(table).getByText('4 low')).toBeInTheDocument();
    expect(
      screen.getByText('Integrate with Snyk').closest('a'),
    ).toHaveAttribute('href', '/snyk');
    expect(calls).toEqual([
      [
        'getEntityStatus',
        // The entity alone: the backend reads it from the catalog as the user may.
        { entityRef: 'component:default/checkout-api' },
      ],
    ]);
  });

  it('shows partially connected and not imported', async () => {
    const { api } = fakeApi({
      group: { ...group, status: 'partially_connected' },
      token,
    });
    await renderCard(api);
    expect(await screen.findByText('Partially connected')).toBeInTheDocument();
    expect(screen.getByText('Not imported')).toBeInTheDocument();
    expect(
      screen.getByText('Not in the GitLab inventory yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/critical/)).not.toBeInTheDocument();
  });

  it('shows not connected before anything is saved', async () => {
    const { api } = fakeApi({});
    await renderCard(api);
    expect(await screen.findByText('Not connected')).toBeInTheDocument();
  });

  it('shows failed when the last sync failed', async () => {
    const { api } = fakeApi({
      group: { ...group, status: 'failed' },
      org,
      token,
      repository,
    });
    await renderCard(api);
    // Snyk's word for it.
    expect(await screen.findByText('Connection failed')).toBeInTheDocument();
  });

  it('shows importing while the job is pending', async () => {
    const { api } = fakeApi({
      group,
      org,
      token,
      repository,
      importJob: {
        id: 'j',
        orgId: 'org-1',
        host: 'gitlab.com',
        projectId: 101,
        path: 'x',
        status: 'pending',
        createdBy: 'u',
        createdAt: '',
        updatedAt: '',
      },
    });
    await renderCard(api);
    expect(await screen.findByText('Importing')).toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    const { api } = fakeApi(
      {},
      {
        getEntityStatus: async () => {
          throw new Error('backend unavailable');
        },
      },
    );
    await renderCard(api);
    expect(
      (await screen.findAllByText(/backend unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
