import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { GroupIntegration } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { group } from '../../__testUtils__/fixtures';
import { GroupStep } from './GroupStep';

const HOSTS = ['gitlab.com', 'git.acme.example'];

/** A component whose files live on the second host. */
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger',
    annotations: {
      'gitlab.com/project-slug': 'finance/ledger',
      'backstage.io/source-location':
        'url:https://git.acme.example/finance/ledger/-/tree/main/',
    },
  },
  spec: { type: 'service', owner: 'team-finance' },
};

async function renderStep(current?: GroupIntegration) {
  const onSave = jest.fn();
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <GroupStep
        group={current}
        hosts={HOSTS}
        canManage
        denied={null}
        onSave={onSave}
        onSync={jest.fn()}
      />
    </EntityProvider>,
  );
  return onSave;
}

const save = (name: string) =>
  userEvent.click(screen.getByRole('button', { name }));

describe('GroupStep', () => {
  it('saves a new profile for the host the component lives on', async () => {
    const onSave = await renderStep();
    expect(screen.getByText(/which has no profile yet/).textContent).toContain(
      'git.acme.example',
    );
    expect(screen.getByLabelText('GitLab host')).toHaveValue(
      'git.acme.example',
    );
    await save('Save integration');
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({ host: 'git.acme.example' }),
    );
  });

  it("shows and repairs the profile of the component's host", async () => {
    const onSave = await renderStep({
      ...group,
      id: 'git.acme.example',
      profileName: 'Acme self-managed',
      host: 'git.acme.example',
      status: 'failed',
      statusReason: 'GitLab rejected the token for git.acme.example',
    });
    expect(screen.getByText('Acme self-managed')).toBeInTheDocument();
    expect(
      screen.getByText('GitLab rejected the token for git.acme.example'),
    ).toBeInTheDocument();
    await save('Edit settings');
    const field = screen.getByLabelText('GitLab host');
    expect(field).toHaveValue('git.acme.example');
    expect(field).toHaveAttribute('readonly');
    await save('Save and repair');
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({
        profileName: 'Acme self-managed',
        host: 'git.acme.example',
      }),
    );
  });
});
