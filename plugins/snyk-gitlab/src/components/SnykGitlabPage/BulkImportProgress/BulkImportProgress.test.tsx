import { BulkImportList } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakePlatformApi,
  renderWithApis,
} from '../../../__testUtils__/platform';
import { BulkImportProgress } from './BulkImportProgress';

const item = (n: number, state: 'imported' | 'failed') => ({
  id: `item-${n}`,
  batchId: 'b1',
  host: 'gitlab.com',
  projectId: n,
  path: `acme/repo-${n}`,
  orgId: 'org-1',
  state,
  attempts: 1,
  error: state === 'failed' ? 'Snyk answered 500' : undefined,
  createdBy: 'user:default/guest',
  createdAt: '',
  updatedAt: '',
});

describe('BulkImportProgress', () => {
  it('reads the batch, says when it has finished and how many are shown', async () => {
    const fake = fakePlatformApi();
    const onSettled = jest.fn();
    const answer: BulkImportList = {
      counts: { queued: 0, running: 0, imported: 150, failed: 1 },
      items: [item(1, 'imported'), item(2, 'failed')],
      totalCount: 151,
    };
    fake.api.getBulkImport = async query => {
      fake.calls.push(['getBulkImport', query]);
      return answer;
    };
    await renderWithApis(
      <BulkImportProgress
        batchId="b1"
        canManage={false}
        onSettled={onSettled}
      />,
      fake.api,
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      '150 imported, 1 failed, 0 importing, 0 queued',
    );
    expect(fake.calls).toEqual([
      ['getBulkImport', { batchId: 'b1', limit: 100 }],
    ]);
    expect(onSettled).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Showing 2 of 151 repositories.')).toBeVisible();
    expect(screen.getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    // Retrying needs the manage permission.
    expect(
      screen.queryByRole('button', { name: 'Retry failed' }),
    ).not.toBeInTheDocument();
  });

  it('shows a failed read and reads again on request', async () => {
    const fake = fakePlatformApi();
    let fail = true;
    fake.api.getBulkImport = async () => {
      if (fail) throw new Error('Bulk import b1 not found');
      return {
        counts: { queued: 0, running: 0, imported: 1, failed: 0 },
        items: [item(1, 'imported')],
        totalCount: 1,
      };
    };
    await renderWithApis(
      <BulkImportProgress batchId="b1" canManage />,
      fake.api,
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Bulk import b1 not found');
    fail = false;
    await userEvent.click(
      within(alert).getByRole('button', { name: 'Check again' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      '1 imported, 0 failed, 0 importing, 0 queued',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
