import { renderInTestApp } from '@backstage/test-utils';
import { GroupIntegration } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { group } from '../../__testUtils__/fixtures';
import { GroupIntegrationForm } from './GroupIntegrationForm';

async function renderForm(
  hosts: string[],
  options: { host?: string; current?: GroupIntegration } = {},
) {
  const onSave = jest.fn();
  await renderInTestApp(
    <GroupIntegrationForm
      hosts={hosts}
      host={options.host}
      current={options.current}
      busy={false}
      onSave={onSave}
    />,
  );
  return onSave;
}

const save = () =>
  userEvent.click(screen.getByRole('button', { name: /^Save/ }));

describe('GroupIntegrationForm: one profile per GitLab host', () => {
  const hosts = ['gitlab.com', 'gitlab.example.com'];

  it('saves the profile of the host it was given, not the first host', async () => {
    const onSave = await renderForm(hosts, { host: 'gitlab.example.com' });
    const field = screen.getByLabelText('GitLab host');
    expect(field).toHaveValue('gitlab.example.com');
    expect(field).toHaveAttribute('readonly');
    await save();
    expect(onSave.mock.calls[0][0].host).toBe('gitlab.example.com');
  });

  it('saves a saved profile for its own host', async () => {
    const onSave = await renderForm(hosts, {
      current: {
        ...group,
        id: 'gitlab.example.com',
        host: 'gitlab.example.com',
      },
    });
    const field = screen.getByLabelText('GitLab host');
    expect(field).toHaveValue('gitlab.example.com');
    // Another host would be another profile: not changed here.
    expect(field).toHaveAttribute('readonly');
    await save();
    expect(onSave.mock.calls[0][0]).toMatchObject({
      profileName: 'Acme GitLab',
      host: 'gitlab.example.com',
    });
  });

  it('lets the host be chosen when no host is given', async () => {
    const onSave = await renderForm(hosts);
    await userEvent.click(screen.getByRole('button', { name: /GitLab host/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'gitlab.example.com' }),
    );
    await save();
    expect(onSave.mock.calls[0][0].host).toBe('gitlab.example.com');
  });
});
