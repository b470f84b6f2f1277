import { changedSettings, toForm, validate } from './settingsForm';

describe('settingsForm', () => {
  it('reads missing settings as off and the assignment object as it is', () => {
    expect(toForm({})).toMatchObject({
      pullRequestTestEnabled: false,
      autoDepUpgradeLimit: '',
      assignmentEnabled: false,
      assignmentType: 'auto',
      assignees: '',
    });
    expect(
      toForm({
        pullRequestAssignment: {
          enabled: true,
          type: 'manual',
          assignees: ['alice', 'bob'],
        },
      }),
    ).toMatchObject({
      assignmentEnabled: true,
      assignmentType: 'manual',
      assignees: 'alice, bob',
    });
  });

  it('sends only what changed, nested objects whole, assignment as an object', () => {
    const original = {
      pullRequestTestEnabled: true,
      autoRemediationPrs: {
        freshPrsEnabled: true,
        backlogPrsEnabled: false,
        backlogPrStrategy: 'dependency' as const,
      },
      pullRequestAssignment: { enabled: false, type: 'auto' as const },
    };
    const values = toForm(original);
    expect(changedSettings(original, values)).toEqual({});
    expect(
      changedSettings(original, {
        ...values,
        backlogPrsEnabled: true,
        assignmentEnabled: true,
        assignmentType: 'manual',
        assignees: ' alice , bob,',
      }),
    ).toEqual({
      // The form does not show the backlog strategy: it is kept.
      autoRemediationPrs: {
        freshPrsEnabled: true,
        backlogPrsEnabled: true,
        backlogPrStrategy: 'dependency',
        usePatchRemediation: false,
      },
      pullRequestAssignment: {
        enabled: true,
        type: 'manual',
        assignees: ['alice', 'bob'],
      },
    });
    expect(
      changedSettings(original, { ...values, autoDepUpgradeLimit: '3' }),
    ).toEqual({ autoDepUpgradeLimit: 3 });
  });

  it('names what cannot be saved', () => {
    const values = toForm({});
    expect(validate(values)).toEqual({});
    expect(validate({ ...values, autoDepUpgradeLimit: '11' })).toEqual({
      autoDepUpgradeLimit: 'A whole number from 1 to 10',
    });
    expect(validate({ ...values, autoDepUpgradeLimit: '2.5' })).toEqual({
      autoDepUpgradeLimit: 'A whole number from 1 to 10',
    });
    const manual = {
      ...values,
      assignmentEnabled: true,
      assignmentType: 'manual' as const,
    };
    expect(validate(manual)).toEqual({
      assignees: 'Name at least one GitLab user',
    });
    expect(validate({ ...manual, assignees: 'alice, bob smith' })).toEqual({
      assignees: 'GitLab usernames only, separated by commas',
    });
    expect(validate({ ...manual, assignees: 'alice, bob.smith' })).toEqual({});
  });
});
