import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { HOST, platformState } from '../../../__testUtils__/platform';
import { OverviewTab } from './OverviewTab';

const rowOf = (table: HTMLElement, text: string) =>
  within(table)
    .getAllByRole('row')
    .find(r => within(r).queryByText(text))!;

describe('OverviewTab', () => {
  it('shows each profile with its status and syncs, and how many are connected', async () => {
    await renderInTestApp(<OverviewTab state={platformState} />);
    expect(screen.getByText('1/2 profiles connected')).toBeVisible();
    const profiles = screen.getByRole('table', { name: 'GitLab profiles' });
    const ok = rowOf(profiles, 'Acme GitLab');
    expect(within(ok).getByText('Connected')).toBeVisible();
    expect(
      within(ok).getByText(new Date('2026-11-24T10:30:00Z').toLocaleString()),
    ).toBeVisible();
    const failing = rowOf(profiles, 'Acme self-managed');
    expect(within(failing).getByText(HOST)).toBeVisible();
    expect(within(failing).getByText('Connection failed')).toBeVisible();
    expect(
      within(failing).getByText('GitLab answered 401: the token was revoked'),
    ).toBeVisible();
    expect(
      within(failing).getByText(
        new Date('2026-11-20T10:00:00Z').toLocaleString(),
      ),
    ).toBeVisible();
  });

  it('shows the Snyk orgs with their integration status', async () => {
    await renderInTestApp(<OverviewTab state={platformState} />);
    const orgs = screen.getByRole('table', { name: 'Snyk organizations' });
    expect(
      within(rowOf(orgs, 'Acme Payments (org-1)')).getByText('Connected'),
    ).toBeVisible();
    const failing = rowOf(orgs, 'Acme Platform (org-2)');
    expect(within(failing).getByText('Connection failed')).toBeVisible();
    expect(within(failing).getByText('Snyk answered 403')).toBeVisible();
  });

  it('shows token health per host: scopes, missing scopes and an expiry warning', async () => {
    await renderInTestApp(<OverviewTab state={platformState} />);
    const tokens = screen.getByRole('table', { name: 'GitLab tokens' });
    const good = rowOf(tokens, 'gitlab.com');
    expect(within(good).getByText('Valid')).toBeVisible();
    expect(
      within(good).getByText('api, read_api, read_repository'),
    ).toBeVisible();
    expect(within(good).getByText('None')).toBeVisible();
    expect(within(good).getByText('2027-06-30')).toBeVisible();

    const bad = rowOf(tokens, HOST);
    expect(within(bad).getByText('Needs attention')).toBeVisible();
    expect(within(bad).getByText('read_user')).toBeVisible();
    expect(
      within(bad).getByText(
        'inventory: api or read_api; Snyk imports: api; guide: api, read_api, read_repository',
      ),
    ).toBeVisible();
    expect(within(bad).getByText('2026-12-01')).toBeVisible();
    expect(within(bad).getByText('Expires in 7 days')).toBeVisible();
  });

  it('says what to do when nothing is set up yet', async () => {
    await renderInTestApp(
      <OverviewTab
        state={{ ...platformState, groups: [], orgs: [], tokens: [] }}
      />,
    );
    expect(screen.getByText('0/0 profiles connected')).toBeVisible();
    expect(screen.getByText(/No profile yet/)).toBeVisible();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
