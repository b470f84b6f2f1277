import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { renderForEntity } from '../../__testUtils__/render';
import {
  fakeApi,
  group,
  org,
  repository,
  token,
} from '../../__testUtils__/fixtures';
import { EntitySnykGitlabContent } from './EntitySnykGitlabContent';

// Its own file: usePermission caches decisions for the whole file.
describe('EntitySnykGitlabContent without permissions', () => {
  it('tells users without the permissions why they cannot act', async () => {
    const { api } = fakeApi({
      group,
      org: { ...org, status: 'not_configured' },
      token,
      repository,
    });
    await renderForEntity(
      <EntitySnykGitlabContent />,
      api,
      AuthorizeResult.DENY,
    );
    await screen.findByRole('region', { name: 'Snyk import' });
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getAllByText('snyk-gitlab.integration.manage')).toHaveLength(
      2,
    );
    expect(
      screen.getByText('snyk-gitlab.repository.import'),
    ).toBeInTheDocument();
  });
});
