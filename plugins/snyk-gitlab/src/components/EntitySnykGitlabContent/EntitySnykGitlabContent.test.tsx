import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityStatus } from '@snyk-gitlab/plugin-snyk-gitlab-common';
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
import { EntitySnykGitlabContent } from './EntitySnykGitlabContent';

const renderTab = (api: SnykGitlabApi) =>
  renderForEntity(<EntitySnykGitlabContent />, api);

const step = (name: string) => screen.getByRole('region', { name });

describe('EntitySnykGitlabContent', () => {
  it('starts with the group-level form when nothing is saved', async () => {
    const { api, calls } = fakeApi({
      token: { ...token, checkedAt: undefined, ok: false },
    });
    await renderTab(api);
    await screen.findByRole('form', {
      name: 'Group-level integration settings',
    });
    expect(
      within(step('GitLab personal access token')).getByText('Not checked yet'),
    ).toBeInTheDocument();
    expect(
      within(step('Group-level integration (Snyk Essentials)')).getByText(
        'Not connected',
      ),
    ).toBeInTheDocument();
    expect(
      within(step('Catalog file in this repository')).getByText(
        'Not synced yet',
      ),
    ).toBeInTheDocument();

    const name = screen.getByLabelText(/Profile name/);
    await userEvent.clear(name);
    await userEvent.type(name, 'Acme GitLab');
    await userEvent.click(
      screen.getByRole('button', { name: 'Save integration' }),
    );
    await waitFor(() =>
      expect(calls).toContainEqual([
        'saveGroupIntegration',
        {
          profileName: 'Acme GitLab',
          host: 'gitlab.com',
          // Optional in Snyk, so off until chosen.
          catalog: { enabled: false, filename: 'catalog-info.yaml' },
        },
      ]),
    );
  });

  it('hides the saved settings until asked, then saves them to repair', async () => {
    const { api, calls } = fakeApi({
      group: {
        ...group,
        status: 'failed',
        statusReason: 'GitLab token rejected',
      },
      token,
    });
    await renderTab(api);
    const groupStep = await screen.findByRole('region', {
      name: 'Group-level integration (Snyk Essentials)',
    });
    expect(
      within(groupStep).getByText('GitLab token rejected'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    await userEvent.click(
      within(groupStep).getByRole('button', { name: 'Edit settings' }),
    );
    await userEvent.click(
      within(groupStep).getByLabelText('Add Backstage Catalog'),
    );
    await userEvent.click(
      within(groupStep).getByRole('button', { name: 'Save and repair' }),
    );
    await waitFor(() =>
      expect(calls).toContainEqual([
        'saveGroupIntegration',
        {
          profileName: 'Acme GitLab',
          host: 'gitlab.com',
          catalog: {
            enabled: false,
            filename: 'catalog-info.yaml',
            attributes: group.catalog.attributes,
          },
        },
      ]),
    );
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });

  it('shows the token check with missing scopes and an expiry warning', async () => {
    const { api } = fakeApi({
      group,
      token: {
        ...token,
        ok: false,
        scopes: ['read_repository'],
        missingScopes: ['api', 'read_api'],
        missingOrgScopes: ['api'],
        missingRecommended: ['api', 'read_api'],
        problem:
          'GitLab token for gitlab.com: the token needs the api or read_api scope to list projects and read catalog files',
      },
    });
    await renderTab(api);
    const tokenStep = await screen.findByRole('region', {
      name: 'GitLab personal access token',
    });
    expect(within(tokenStep).getByText('Needs attention')).toBeInTheDocument();
    const facts = within(tokenStep).getByRole('table', { name: 'Token check' });
    const row = (label: string) =>
      within(facts).getByRole('row', { name: new RegExp(`^${label}`) });
    expect(row('Missing for the inventory')).toHaveTextContent(
      'api or read_api',
    );
    expect(row('Missing for Snyk imports')).toHaveTextContent('api');
    expect(
      within(tokenStep).getByText(/needs the api or read_api scope/),
    ).toBeInTheDocument();
  });

  it('offers a sync while partially connected and waits for it', async () => {
    const status: EntityStatus = {
      group: { ...group, status: 'partially_connected', lastSyncAt: undefined },
      token,
    };
    const { api, calls } = fakeApi(status, {
      triggerSync: async () => {
        status.group = { ...group, status: 'connected' };
      },
    });
    await renderTab(api);
    const groupStep = await screen.findByRole('region', {
      name: 'Group-level integration (Snyk Essentials)',
    });
    expect(
      within(groupStep).getByText('Partially connected'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(groupStep).getByRole('button', { name: 'Run sync now' }),
    );
    await waitFor(
      () =>
        expect(
          within(step('Group-level integration (Snyk Essentials)')).getByText(
            'Connected',
          ),
        ).toBeInTheDocument(),
      { timeout: 5000 },
    );
    expect(
      calls.filter(([name]) => name === 'getEntityStatus').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('shows each catalog attribute Snyk reads, with its value and problems', async () => {
    const { api } = fakeApi({ group, org, token, repository });
    await renderTab(api);
    const table = await screen.findByRole('table', {
      name: 'Portal preview: attributes Snyk will read',
    });
    const rows = within(table)
      .getAllByRole('row')
      .map(r => r.textContent);
    expect(rows).toEqual([
      'AttributeRead fromValue',
      'Categoryspec.typeservice',
      'Ownerspec.owner or metadata.annotations."example.com/owner"missing',
    ]);
    expect(
      within(
        screen.getByRole('list', { name: 'Catalog file problems' }),
      ).getByText(/owner: missing spec.owner/),
    ).toBeInTheDocument();
    expect(
      within(step('Catalog file in this repository')).getByText(
        'Found, with problems',
      ),
    ).toBeInTheDocument();
  });

  it('connects the org-level integration', async () => {
    const { api, calls } = fakeApi({
      group,
      org: { ...org, status: 'not_configured' },
      token,
      repository,
    });
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Connect Snyk org' }),
    );
    await waitFor(() =>
      expect(calls).toContainEqual(['saveOrgIntegration', 'org-1']),
    );
  });

  it('imports the repository and then lists its Snyk projects', async () => {
    const status: EntityStatus = { group, org, token, repository };
    const { api, calls } = fakeApi(status, {
      importRepository: async request => {
        calls.push(['importRepository', request]);
        status.target = target;
        return {
          id: 'job-1',
          orgId: 'org-1',
          host: 'gitlab.com',
          projectId: 101,
          path: 'x',
          status: 'complete',
          createdBy: 'u',
          createdAt: '',
          updatedAt: '',
        };
      },
    });
    await renderTab(api);
    const importStep = await screen.findByRole('region', {
      name: 'Snyk import',
    });
    expect(within(importStep).getByText('Not imported')).toBeInTheDocument();
    await userEvent.click(
      within(importStep).getByRole('button', {
        name: 'Import this repository',
      }),
    );
    const projects = await screen.findByRole('table', {
      name: 'Snyk projects',
    });
    expect(calls).toContainEqual([
      'importRepository',
      { entityRef: 'component:default/checkout-api' },
    ]);
    expect(
      within(projects).getByRole('link', {
        name: /acme\/payments\/checkout-api:package\.json/,
      }),
    ).toHaveAttribute('href', 'https://app.snyk.io/org/org-1/project/p1');
    expect(within(projects).getByText('2 high')).toBeInTheDocument();
    expect(
      within(step('Snyk import')).getByText('Imported'),
    ).toBeInTheDocument();
  });

  it.each([
    [
      'an import that made no project as failed',
      {
        status: 'failed' as const,
        error:
          'Snyk finished the import without creating a project: nothing it can scan was found',
      },
      undefined,
      'Import failed',
    ],
    [
      'a partly failed import as imported, with what failed',
      {
        status: 'complete' as const,
        error: '1 of 2 projects failed to import',
      },
      target,
      'Imported',
    ],
  ])('shows %s', async (_, outcome, snykTarget, label) => {
    const { api } = fakeApi({
      group,
      org,
      token,
      repository,
      target: snykTarget,
      importJob: {
        id: 'job-1',
        orgId: 'org-1',
        host: 'gitlab.com',
        projectId: 101,
        path: 'acme/payments/checkout-api',
        createdBy: 'user:default/guest',
        createdAt: '2026-11-24T10:00:00Z',
        updatedAt: '2026-11-24T10:01:00Z',
        ...outcome,
      },
    });
    await renderTab(api);
    const importStep = await screen.findByRole('region', {
      name: 'Snyk import',
    });
    expect(within(importStep).getByText(label)).toBeInTheDocument();
    expect(within(importStep).getByText(outcome.error)).toBeInTheDocument();
  });

  it('shows an action error and keeps the page', async () => {
    const { api } = fakeApi(
      { group, org: { ...org, status: 'not_configured' }, token, repository },
      {
        saveOrgIntegration: async () => {
          throw new Error('Snyk rejected the token');
        },
      },
    );
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Connect Snyk org' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Snyk rejected the token',
    );
    expect(
      screen.getByRole('region', { name: 'Organization-level integration' }),
    ).toBeInTheDocument();
  });

  it('shows the error when the status cannot be read', async () => {
    const { api } = fakeApi(
      {},
      {
        getState: async () => {
          throw new Error('backend down');
        },
      },
    );
    await renderTab(api);
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
  });
});
