import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakePlatformApi,
  platformState,
  renderWithApis,
} from '../../../__testUtils__/platform';
import { POLL_MS } from '../BulkImportProgress';
import { InventoryTab } from './InventoryTab';

jest.setTimeout(60_000);

const NOT_IMPORTED = [
  'acme/payments/ledger',
  'acme/platform/web-portal',
  'acme/platform/infra-scripts',
];

const table = () =>
  screen.getByRole('region', { name: 'Repository inventory' });
const progress = () =>
  screen.findByRole('region', { name: 'Bulk import progress' });
const poll = () => act(() => jest.advanceTimersByTimeAsync(POLL_MS));

/** Renders the tab filtered to "Not imported". */
async function renderNotImported(fake: ReturnType<typeof fakePlatformApi>) {
  await renderWithApis(
    <InventoryTab state={platformState} canManage />,
    fake.api,
  );
  const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
  await within(table()).findByText('acme/payments/checkout-api');
  await user.click(screen.getByRole('button', { name: 'Not imported' }));
  await within(table()).findByText('3 repositories match');
  return user;
}

async function selectAndImport(
  user: ReturnType<typeof userEvent.setup>,
  paths: string[] = NOT_IMPORTED,
) {
  for (const path of paths) {
    await user.click(screen.getByRole('checkbox', { name: `Select ${path}` }));
  }
  await user.click(
    screen.getByRole('button', { name: `Import selected (${paths.length})` }),
  );
}

describe('InventoryTab bulk import', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('imports the selected repositories and follows the batch until all are imported', async () => {
    const fake = fakePlatformApi();
    const user = await renderNotImported(fake);
    expect(
      screen.getByRole('button', { name: 'Import selected (0)' }),
    ).toBeDisabled();
    await selectAndImport(user);

    expect(fake.calls.filter(c => c[0] === 'startBulkImport')).toEqual([
      [
        'startBulkImport',
        {
          repositories: [
            { host: 'gitlab.com', projectId: 102 },
            { host: 'gitlab.com', projectId: 103 },
            { host: 'gitlab.com', projectId: 104 },
          ],
        },
      ],
    ]);
    const status = await within(await progress()).findByRole('status');
    expect(status).toHaveTextContent(
      '0 imported, 0 failed, 0 importing, 3 queued',
    );
    const items = within(await progress()).getByRole('table', {
      name: 'Bulk import repositories',
    });
    expect(within(items).getAllByText('Queued')).toHaveLength(3);

    await poll();
    expect(status).toHaveTextContent(
      '0 imported, 0 failed, 3 importing, 0 queued',
    );
    await poll();
    expect(status).toHaveTextContent(
      '3 imported, 0 failed, 0 importing, 0 queued',
    );
    expect(within(items).getAllByText('Imported')).toHaveLength(3);
    expect(screen.getByText('Finished.')).toBeVisible();

    // Settled: the inventory is read again and nothing is left not imported.
    await within(table()).findByText('No repository matches these filters.');
    const reads = fake.calls.filter(c => c[0] === 'getBulkImport').length;
    await poll();
    await poll();
    expect(fake.calls.filter(c => c[0] === 'getBulkImport')).toHaveLength(
      reads,
    );
  });

  it('retries the failed repositories of the batch', async () => {
    const fake = fakePlatformApi({ failPaths: ['acme/platform/web-portal'] });
    const user = await renderNotImported(fake);
    await selectAndImport(user);
    const status = await within(await progress()).findByRole('status');
    await poll();
    await poll();
    expect(status).toHaveTextContent(
      '2 imported, 1 failed, 0 importing, 0 queued',
    );
    expect(
      within(await progress()).getByText('Snyk answered 500'),
    ).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Retry failed' }));
    expect(fake.calls.filter(c => c[0] === 'retryBulkImport')).toEqual([
      ['retryBulkImport', { batchId: 'batch-1' }],
    ]);
    await waitFor(() =>
      expect(status).toHaveTextContent(
        '2 imported, 0 failed, 0 importing, 1 queued',
      ),
    );
    await poll();
    await poll();
    expect(status).toHaveTextContent(
      '3 imported, 0 failed, 0 importing, 0 queued',
    );
    expect(
      screen.queryByRole('button', { name: 'Retry failed' }),
    ).not.toBeInTheDocument();
  });

  it('imports everything matching the filters after asking', async () => {
    const fake = fakePlatformApi();
    const user = await renderNotImported(fake);
    const page = screen.getByRole('checkbox', {
      name: 'Select all on this page',
    });
    await user.click(page);
    expect(
      screen.getByRole('button', { name: 'Import selected (3)' }),
    ).toBeEnabled();
    await user.click(page);
    expect(
      screen.getByRole('button', { name: 'Import selected (0)' }),
    ).toBeDisabled();
    await user.click(
      screen.getByRole('button', { name: 'Import all matching filter' }),
    );
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('The 3 repositories matching');
    await user.click(within(dialog).getByRole('button', { name: 'Import 3' }));
    expect(fake.calls.filter(c => c[0] === 'startBulkImport')).toEqual([
      ['startBulkImport', { filter: { filter: ['not_imported'] } }],
    ]);
    await within(await progress()).findByRole('status');
  });

  it('says which repositories were skipped, and shows the backend refusal', async () => {
    const fake = fakePlatformApi();
    fake.api.startBulkImport = async () => ({
      batchId: 'batch-1',
      queued: 0,
      skippedCount: 2,
      skipped: [
        { host: 'gitlab.com', projectId: 102, reason: 'no_org' },
        { host: 'gitlab.com', projectId: 999, reason: 'unknown_repository' },
      ],
    });
    const user = await renderNotImported(fake);
    await selectAndImport(user, ['acme/payments/ledger']);
    expect(
      await screen.findByText(
        'Skipped 2: acme/payments/ledger (no_org); gitlab.com project 999 (unknown_repository)',
      ),
    ).toBeVisible();

    // Beyond the listed ones, a count.
    fake.api.startBulkImport = async () => ({
      batchId: 'batch-2',
      queued: 0,
      skippedCount: 4002,
      skipped: [{ host: 'gitlab.com', projectId: 999, reason: 'no_org' }],
    });
    await selectAndImport(user, ['acme/payments/ledger']);
    expect(
      await screen.findByText(
        'Skipped 4002: gitlab.com project 999 (no_org); and 4001 more',
      ),
    ).toBeVisible();

    // The selection was cleared by the start.
    expect(
      screen.getByRole('button', { name: 'Import selected (0)' }),
    ).toBeDisabled();
    fake.api.startBulkImport = async () => {
      throw Object.assign(new Error('Request failed with 403'), {
        cause: { message: 'Unauthorized' },
      });
    };
    await selectAndImport(user, ['acme/payments/ledger']);
    expect(await screen.findByRole('alert')).toHaveTextContent('Unauthorized');
  });
});
