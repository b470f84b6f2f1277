import { renderInTestApp } from '@backstage/test-utils';
import {
  AttributeFields,
  GroupIntegration,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { group } from '../../__testUtils__/fixtures';
import { GroupIntegrationForm } from './GroupIntegrationForm';

const attributes = {
  category: ['spec.type'],
  owner: ['spec.owner', 'metadata.annotations."example.com/owner"'],
  application: ['spec.system'],
  // A key this form does not know, e.g. from a newer backend.
  team: ['spec.team'],
} as AttributeFields;

const saved: GroupIntegration = {
  ...group,
  catalog: { enabled: true, filename: 'catalog-info.yaml', attributes },
};

async function renderForm(current?: GroupIntegration) {
  const onSave = jest.fn();
  await renderInTestApp(
    <GroupIntegrationForm
      hosts={['gitlab.com']}
      current={current}
      busy={false}
      onSave={onSave}
    />,
  );
  return onSave;
}

const row = (name: string) => within(screen.getByRole('group', { name }));

const save = () =>
  userEvent.click(screen.getByRole('button', { name: /^Save/ }));

/** The catalog attributes of the one onSave call. */
function savedAttributes(onSave: jest.Mock) {
  expect(onSave).toHaveBeenCalledTimes(1);
  return onSave.mock.calls[0][0].catalog.attributes;
}

describe('GroupIntegrationForm', () => {
  it('shows the saved attributes and saves them unchanged', async () => {
    const onSave = await renderForm(saved);
    expect(row('Owner').getByRole('checkbox')).toBeChecked();
    expect(row('Owner').getByLabelText('Field')).toHaveValue('spec.owner');
    expect(row('Owner').getByLabelText('Alternate field name')).toHaveValue(
      'metadata.annotations."example.com/owner"',
    );
    expect(row('Lifecycle').getByRole('checkbox')).not.toBeChecked();
    expect(row('Lifecycle').getByLabelText('Field')).toBeDisabled();
    expect(
      screen.getByText(/quote keys that contain dots/),
    ).toBeInTheDocument();

    await save();
    expect(onSave).toHaveBeenCalledWith({
      profileName: 'Acme GitLab',
      host: 'gitlab.com',
      catalog: { enabled: true, filename: 'catalog-info.yaml', attributes },
    });
  });

  it('saves a changed field and alternate field names', async () => {
    const onSave = await renderForm(saved);
    const field = row('Owner').getByLabelText('Field');
    await userEvent.clear(field);
    await userEvent.type(field, 'metadata.annotations."acme.io/team"');
    await userEvent.type(
      row('Category').getByLabelText('Alternate field name'),
      'metadata.labels."acme.io/kind"',
    );
    await save();
    expect(savedAttributes(onSave)).toEqual({
      ...attributes,
      category: ['spec.type', 'metadata.labels."acme.io/kind"'],
      owner: [
        'metadata.annotations."acme.io/team"',
        'metadata.annotations."example.com/owner"',
      ],
    });
  });

  it('leaves out an unselected attribute and adds a selected one', async () => {
    const onSave = await renderForm(saved);
    await userEvent.click(row('Owner').getByRole('checkbox'));
    await userEvent.click(row('Title').getByRole('checkbox'));
    await save();
    const { owner, ...rest } = attributes;
    expect(savedAttributes(onSave)).toEqual({
      ...rest,
      title: ['metadata.title'],
    });
  });

  it('refuses a field path outside metadata and spec', async () => {
    const onSave = await renderForm(saved);
    const field = row('Owner').getByLabelText('Field');
    await userEvent.clear(field);
    await userEvent.type(field, 'owner');
    await save();
    expect(
      row('Owner').getByText('owner is not under metadata. or spec.'),
    ).toBeInTheDocument();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('takes one alternate field name and at least one attribute, as Snyk does', async () => {
    const onSave = await renderForm(saved);
    await userEvent.type(
      row('Category').getByLabelText('Alternate field name'),
      'spec.kind, spec.flavour',
    );
    await save();
    expect(
      row('Category').getByText('Snyk takes one alternate field name'),
    ).toBeInTheDocument();
    await userEvent.clear(
      row('Category').getByLabelText('Alternate field name'),
    );
    for (const label of ['Category', 'Owner', 'Application']) {
      const box = row(label).getByRole('checkbox');
      if ((box as HTMLInputElement).checked) await userEvent.click(box);
    }
    await save();
    expect(
      screen.getByText('Select at least one attribute: Snyk requires one.'),
    ).toBeInTheDocument();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('keeps the catalog option off unless chosen, and the portal defaults until changed', async () => {
    const onSave = await renderForm();
    await save();
    expect(onSave.mock.calls[0][0].catalog).toEqual({
      enabled: false,
      filename: 'catalog-info.yaml',
    });
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Add Backstage Catalog' }),
    );
    await userEvent.click(row('Title').getByRole('checkbox'));
    await save();
    expect(onSave.mock.calls[1][0].catalog.attributes).toEqual({
      category: ['spec.type'],
      owner: ['spec.owner'],
      lifecycle: ['spec.lifecycle'],
      application: ['spec.system'],
      catalogName: ['metadata.name'],
    });
  });
});
