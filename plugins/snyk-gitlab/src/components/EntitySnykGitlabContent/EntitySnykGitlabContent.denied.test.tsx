import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { snykGitlabApiRef } from '../../api/SnykGitlabApi';
import {
  entity,
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
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [snykGitlabApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({ authorize: AuthorizeResult.DENY }),
          ],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntitySnykGitlabContent />
        </EntityProvider>
      </TestApiProvider>,
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
