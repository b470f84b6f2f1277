import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakePlatformApi,
  platformState,
  renderWithApis,
} from '../../../__testUtils__/platform';
import { OrgSettingsTab } from './OrgSettingsTab';

const settingsOf = (org: string) =>
  screen.findByRole('region', {
    name: `GitLab integration settings of ${org}`,
  });

async function renderTab(
  fake: ReturnType<typeof fakePlatformApi>,
  canManage: boolean,
) {
  const rendered = await renderWithApis(
    <OrgSettingsTab orgs={platformState.orgs} canManage={canManage} />,
    fake.api,
  );
  const form = within(await settingsOf('Acme Payments'));
  await form.findByRole('checkbox', { name: 'Test merge requests with Snyk' });
  return { form, rendered };
}

describe('OrgSettingsTab', () => {
  it('shows each org’s settings read-only without the manage permission', async () => {
    const fake = fakePlatformApi();
    const { form } = await renderTab(fake, false);
    expect(
      form.getByRole('checkbox', { name: 'Test merge requests with Snyk' }),
    ).toBeChecked();
    expect(
      form.getByRole('checkbox', {
        name: 'Fail only for high and critical severity issues',
      }),
    ).toBeChecked();
    expect(
      form.getByRole('radio', {
        name: 'Fail only when the merge request adds a dependency with issues',
      }),
    ).toBeChecked();
    expect(
      form.getByRole('checkbox', {
        name: 'Open fix merge requests for new vulnerabilities',
      }),
    ).toBeChecked();
    expect(
      form.getByRole('spinbutton', {
        name: 'Most upgrade merge requests open at once',
      }),
    ).toHaveValue(5);
    for (const control of [
      ...form.getAllByRole('checkbox'),
      ...form.getAllByRole('radio'),
    ]) {
      expect(control).toBeDisabled();
    }
    expect(
      form.queryByRole('button', { name: 'Save settings' }),
    ).not.toBeInTheDocument();
    expect(form.getByText('snyk-gitlab.integration.manage')).toBeVisible();
    // Both orgs are shown.
    await settingsOf('Acme Platform');
    expect(fake.calls.filter(c => c[0] === 'getOrgSettings')).toEqual([
      ['getOrgSettings', 'org-1'],
      ['getOrgSettings', 'org-2'],
    ]);
  });

  it('saves only the changes and shows the saved values again after a reload', async () => {
    const fake = fakePlatformApi();
    const { form, rendered } = await renderTab(fake, true);
    const user = userEvent.setup();
    const save = form.getByRole('button', { name: 'Save settings' });
    expect(save).toBeDisabled();

    await user.click(
      form.getByRole('radio', {
        name: 'Fail when the repository has any issues',
      }),
    );
    await user.click(
      form.getByRole('checkbox', {
        name: 'Open merge requests to upgrade dependencies',
      }),
    );
    const limit = form.getByRole('spinbutton', {
      name: 'Most upgrade merge requests open at once',
    });
    await user.clear(limit);
    await user.type(limit, '12');
    expect(form.getByText('A whole number from 1 to 10')).toBeVisible();
    expect(save).toBeDisabled();
    await user.clear(limit);
    await user.type(limit, '3');
    await user.click(
      form.getByRole('checkbox', { name: "Assign Snyk's merge requests" }),
    );
    await user.click(form.getByRole('radio', { name: 'These GitLab users' }));
    await user.type(
      form.getByRole('textbox', {
        name: 'GitLab usernames, separated by commas',
      }),
      'alice, bob',
    );
    await user.click(save);

    expect(await form.findByRole('status')).toHaveTextContent('Saved in Snyk.');
    expect(fake.calls.filter(c => c[0] === 'saveOrgSettings')).toEqual([
      [
        'saveOrgSettings',
        [
          'org-1',
          {
            pullRequestFailOnAnyVulns: true,
            autoDepUpgradeEnabled: true,
            autoDepUpgradeLimit: 3,
            pullRequestAssignment: {
              enabled: true,
              type: 'manual',
              assignees: ['alice', 'bob'],
            },
          },
        ],
      ],
    ]);
    expect(save).toBeDisabled();

    // A new page reads the settings from the backend again.
    rendered.unmount();
    const again = await renderTab(fake, true);
    expect(
      again.form.getByRole('radio', {
        name: 'Fail when the repository has any issues',
      }),
    ).toBeChecked();
    expect(
      again.form.getByRole('spinbutton', {
        name: 'Most upgrade merge requests open at once',
      }),
    ).toHaveValue(3);
    expect(
      again.form.getByRole('textbox', {
        name: 'GitLab usernames, separated by commas',
      }),
    ).toHaveValue('alice, bob');
  });

  it('shows why a save failed, keeping what was typed', async () => {
    const fake = fakePlatformApi();
    fake.api.saveOrgSettings = async () => {
      throw Object.assign(new Error('Request failed with 502'), {
        cause: { message: 'Snyk answered 500 while saving the settings' },
      });
    };
    const { form } = await renderTab(fake, true);
    const user = userEvent.setup();
    await user.click(
      form.getByRole('checkbox', { name: 'Test merge requests with Snyk' }),
    );
    await user.click(form.getByRole('button', { name: 'Save settings' }));
    expect(await form.findByRole('alert')).toHaveTextContent(
      'Snyk answered 500 while saving the settings',
    );
    expect(
      form.getByRole('checkbox', { name: 'Test merge requests with Snyk' }),
    ).not.toBeChecked();
  });

  it('lists the Universal Broker connections and says what they are', async () => {
    const fake = fakePlatformApi();
    fake.api.getOrgSettings = async () => {
      throw new Error('The org has no GitLab integration in Snyk');
    };
    await renderWithApis(
      <OrgSettingsTab orgs={platformState.orgs} canManage />,
      fake.api,
    );
    const brokers = within(
      await screen.findByRole('region', {
        name: 'Universal Broker connections of Acme Payments',
      }),
    );
    const table = await brokers.findByRole('table', {
      name: 'Broker connections of Acme Payments',
    });
    expect(within(table).getByText('acme-gitlab-internal')).toBeVisible();
    expect(within(table).getByText('dep-1')).toBeVisible();
    expect(
      brokers.getByText(
        /cannot tell whether this org's GitLab integration is brokered/,
      ),
    ).toBeVisible();
    expect(
      await within(
        await screen.findByRole('region', {
          name: 'Universal Broker connections of Acme Platform',
        }),
      ).findByText('No Universal Broker connections.'),
    ).toBeVisible();
    // A settings read that fails is said, not thrown.
    await waitFor(() =>
      expect(
        screen.getAllByText(
          /The settings could not be read from Snyk: The org has no GitLab integration in Snyk/,
        ),
      ).toHaveLength(2),
    );
  });

  it('says when no org is configured', async () => {
    const fake = fakePlatformApi();
    await renderWithApis(<OrgSettingsTab orgs={[]} canManage />, fake.api);
    expect(screen.getByText(/No Snyk org is configured/)).toBeVisible();
  });
});
