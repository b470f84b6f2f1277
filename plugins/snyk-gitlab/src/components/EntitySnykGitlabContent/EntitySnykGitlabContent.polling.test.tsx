import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityStatus, ImportJob } from '@snyk-gitlab/plugin-snyk-gitlab-common';
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

/** The import step's poll interval and poll limit, as in useGuideActions. */
const POLL_MS = 1500;
const MAX_POLLS = 40;

const job = (status: ImportJob['status'], error?: string): ImportJob => ({
  id: 'job-1',
  orgId: 'org-1',
  host: 'gitlab.com',
  projectId: 101,
  path: 'acme/payments/checkout-api',
  status,
  error,
  createdBy: 'user:default/guest',
  createdAt: '',
  updatedAt: '',
});

/** Renders the tab and clicks import; each poll answers with the next job of `answers`. */
async function startImport(answers: ImportJob[]) {
  const status: EntityStatus = { group, org, token, repository };
  const importRepository = jest.fn(async (_request: unknown) => {
    status.importJob = job('pending');
    return job('pending');
  });
  const getImportJob = jest.fn(async (..._args: unknown[]) => {
    const next = answers.shift() ?? job('pending');
    status.importJob = next;
    if (next.status === 'complete') status.target = target;
    return next;
  });
  const { api } = fakeApi(status, { importRepository, getImportJob });
  await renderForEntity(<EntitySnykGitlabContent />, api);
  const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
  const importStep = await screen.findByRole('region', { name: 'Snyk import' });
  await user.click(
    within(importStep).getByRole('button', { name: 'Import this repository' }),
  );
  expect(importRepository).toHaveBeenCalledTimes(1);
  return { getImportJob, importStep: within(importStep) };
}

const poll = (times = 1) =>
  act(() => jest.advanceTimersByTimeAsync(POLL_MS * times));

describe('EntitySnykGitlabContent import polling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('polls a pending import until it completes, then shows the projects', async () => {
    const { getImportJob, importStep } = await startImport([
      job('pending'),
      job('pending'),
      job('complete'),
    ]);
    expect(
      importStep.getByRole('button', { name: 'Importing…' }),
    ).toBeDisabled();
    expect(getImportJob).not.toHaveBeenCalled();

    await poll();
    expect(getImportJob).toHaveBeenCalledTimes(1);
    await poll();
    expect(getImportJob).toHaveBeenCalledTimes(2);
    expect(
      importStep.getByRole('button', { name: 'Importing…' }),
    ).toBeVisible();
    await poll();

    expect(await importStep.findByText('Imported')).toBeInTheDocument();
    expect(
      importStep.getByRole('table', { name: 'Snyk projects' }),
    ).toBeInTheDocument();
    expect(importStep.queryByRole('button')).not.toBeInTheDocument();
    await poll(5);
    expect(getImportJob.mock.calls.map(([id]) => id)).toEqual([
      'job-1',
      'job-1',
      'job-1',
    ]);
  });

  it('polls a pending import until it fails, then shows why', async () => {
    const { getImportJob, importStep } = await startImport([
      job('pending'),
      job('pending'),
      job('failed', 'Snyk could not read the repository'),
    ]);
    expect(
      importStep.getByRole('button', { name: 'Importing…' }),
    ).toBeVisible();
    await poll(2);
    expect(getImportJob).toHaveBeenCalledTimes(2);
    expect(importStep.queryByText('Import failed')).not.toBeInTheDocument();
    await poll();

    expect(
      await importStep.findByText('Snyk could not read the repository'),
    ).toBeInTheDocument();
    expect(importStep.getByText('Import failed')).toBeInTheDocument();
    expect(
      importStep.getByRole('button', { name: 'Import this repository' }),
    ).toBeEnabled();
    await poll(5);
    expect(getImportJob).toHaveBeenCalledTimes(3);
  });

  it(`stops polling after ${MAX_POLLS} answers that are still pending`, async () => {
    const { getImportJob, importStep } = await startImport([]);
    await poll(MAX_POLLS - 1);
    expect(getImportJob).toHaveBeenCalledTimes(MAX_POLLS - 1);
    await poll();

    // Done waiting: the step shows the job's own state again.
    expect(await importStep.findByText('Importing')).toBeInTheDocument();
    await poll(5);
    expect(getImportJob).toHaveBeenCalledTimes(MAX_POLLS);
  });
});
