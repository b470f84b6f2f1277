import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { InventoryQuery } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import {
  HOST,
  fakePlatformApi,
  platformState,
  renderWithApis,
  row,
} from '../../../__testUtils__/platform';
import { InventoryTab } from './InventoryTab';

const table = () =>
  screen.getByRole('region', { name: 'Repository inventory' });
const rowOf = (path: string) =>
  within(table())
    .getAllByRole('row')
    .find(r => within(r).queryByText(path))!;

async function renderTab(fake = fakePlatformApi(), canManage = true) {
  await renderWithApis(
    <InventoryTab state={platformState} canManage={canManage} />,
    fake.api,
  );
  await within(table()).findByText('acme/payments/ledger');
  return fake;
}

const lastQuery = (calls: Array<[string, unknown?]>) =>
  calls.filter(c => c[0] === 'getInventory').pop()![1] as InventoryQuery;

describe('InventoryTab', () => {
  it('shows each repository with its catalog entity, file, org, issues and import state', async () => {
    await renderTab();
    expect(within(table()).getByText('4 repositories match')).toBeVisible();

    const checkout = rowOf('acme/payments/checkout-api');
    expect(
      within(checkout).getByRole('link', {
        name: /^acme\/payments\/checkout-api/,
      }),
    ).toHaveAttribute('href', 'https://gitlab.com/acme/payments/checkout-api');
    expect(
      within(checkout).getByRole('link', { name: /checkout-api$/ }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-api');
    expect(
      within(checkout).getByText('group:default/team-payments'),
    ).toBeVisible();
    expect(within(checkout).getByText('payments')).toBeVisible();
    expect(within(checkout).getByText('Imported')).toBeVisible();
    expect(
      within(checkout).getByRole('list', { name: '6 issues' }),
    ).toBeVisible();
    expect(within(checkout).getByText('Acme Payments')).toBeVisible();

    const ledger = rowOf('acme/payments/ledger');
    expect(
      within(
        within(ledger).getByRole('list', { name: 'Catalog file problems' }),
      ).getByText('category: missing spec.type'),
    ).toBeVisible();
    expect(within(ledger).getByText('Not imported')).toBeVisible();

    // A link that is not http(s) on the repository's host is shown as text.
    const portal = rowOf('acme/platform/web-portal');
    expect(within(portal).queryByRole('link')).not.toBeInTheDocument();
    expect(within(portal).getByText('Missing')).toBeVisible();
  });

  it('says so when no repository matches', async () => {
    const fake = fakePlatformApi({ rows: [] });
    await renderWithApis(
      <InventoryTab state={platformState} canManage />,
      fake.api,
    );
    expect(
      await screen.findByText('No repository matches these filters.'),
    ).toBeVisible();
  });

  it('shows why the inventory could not be read', async () => {
    const fake = fakePlatformApi();
    fake.api.getInventory = async () => {
      throw new Error('limit: must be at most 500');
    };
    await renderWithApis(
      <InventoryTab state={platformState} canManage />,
      fake.api,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'limit: must be at most 500',
    );
  });

  it('sends the filters, host, search and sort to the backend', async () => {
    const { calls } = await renderTab();
    const user = userEvent.setup();
    expect(lastQuery(calls)).toEqual({
      filter: [],
      offset: 0,
      limit: 20,
    });

    await user.click(screen.getByRole('button', { name: 'Not imported' }));
    await waitFor(() =>
      expect(lastQuery(calls).filter).toEqual(['not_imported']),
    );
    expect(
      screen.getByRole('button', { name: 'Not imported', pressed: true }),
    ).toBeVisible();
    await within(table()).findByText('3 repositories match');
    expect(
      within(table()).queryByText('acme/payments/checkout-api'),
    ).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Catalog problems' }));
    await waitFor(() =>
      expect(lastQuery(calls).filter).toEqual([
        'not_imported',
        'catalog_problems',
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Catalog problems' }));

    await user.type(screen.getByLabelText('Search paths'), 'platform');
    // The package's 5 s wait covers the debounce and the table's render.
    await waitFor(() => expect(lastQuery(calls).q).toBe('platform'));

    await user.click(screen.getByLabelText('GitLab host'));
    await user.click(await screen.findByRole('option', { name: HOST }));
    await waitFor(() => expect(lastQuery(calls).host).toBe(HOST));

    await user.click(within(table()).getByText('Repository'));
    await waitFor(() =>
      expect(lastQuery(calls)).toMatchObject({ sort: 'path', order: 'asc' }),
    );
    await user.click(within(table()).getByText('Repository'));
    await waitFor(() =>
      expect(lastQuery(calls)).toEqual({
        host: HOST,
        filter: ['not_imported'],
        q: 'platform',
        sort: 'path',
        order: 'desc',
        offset: 0,
        limit: 20,
      }),
    );
  });

  it('pages on the backend', async () => {
    const many = Array.from({ length: 45 }, (_, i) =>
      row(`acme/many/repo-${String(i).padStart(2, '0')}`, 1000 + i),
    );
    const fake = fakePlatformApi({ rows: many });
    await renderWithApis(
      <InventoryTab state={platformState} canManage />,
      fake.api,
    );
    await within(table()).findByText('acme/many/repo-00');
    await userEvent.click(screen.getByRole('button', { name: 'Next Page' }));
    await within(table()).findByText('acme/many/repo-20');
    expect(lastQuery(fake.calls)).toMatchObject({ offset: 20, limit: 20 });
    expect(
      within(table()).queryByText('acme/many/repo-00'),
    ).not.toBeInTheDocument();
  });

  it('offers neither selection nor import without the manage permission', async () => {
    await renderTab(fakePlatformApi(), false);
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Import (selected|all)/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
  });

  it('exports the filtered inventory as a CSV file', async () => {
    const createObjectURL = jest.fn(() => 'blob:inventory');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: HTMLAnchorElement[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordClick(this: HTMLAnchorElement) {
        clicked.push(this);
      });
    try {
      const { calls } = await renderTab();
      await userEvent.click(
        screen.getByRole('button', { name: 'No catalog file' }),
      );
      await within(table()).findByText('1 repository matches');
      await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(calls.filter(c => c[0] === 'exportInventoryCsv')).toEqual([
        ['exportInventoryCsv', { filter: ['no_catalog_file'] }],
      ]);
      expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
      expect(clicked[0].getAttribute('href')).toBe('blob:inventory');
      expect(clicked[0].download).toBe('snyk-gitlab-inventory.csv');
    } finally {
      click.mockRestore();
    }
  });
});
