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
  target,
  token,
} from '../../__testUtils__/fixtures';
import { EntitySnykGitlabContent } from './EntitySnykGitlabContent';

// Its own file: usePermission caches decisions for the whole file.
describe('EntitySnykGitlabContent with remote data', () => {
  it('renders links from remote data only when safe, and asks to import on the entity', async () => {
    const asked: Array<{ name: string; resourceRef?: string }> = [];
    const { api } = fakeApi({
      group,
      org,
      token,
      repository: {
        ...repository!,
        // eslint-disable-next-line no-script-url -- a hostile stored value
        webUrl: 'javascript:alert(document.cookie)',
      },
      target: {
        ...target!,
        projects: [
          {
            ...target!.projects[0],
            url: 'https://app.snyk.io.evil.example/org/x',
          },
        ],
      },
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [snykGitlabApiRef, api],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request => {
                asked.push({
                  name: request.permission.name,
                  resourceRef: request.resourceRef,
                });
                return AuthorizeResult.ALLOW;
              },
            }),
          ],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntitySnykGitlabContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    const path = await screen.findByText('acme/payments/checkout-api', {
      selector: 'p *, p',
      exact: false,
    });
    expect(path.closest('a')).toBeNull();
    expect(
      screen.getByText('acme/payments/checkout-api:package.json').closest('a'),
    ).toBeNull();
    expect(document.querySelector('a[href^="javascript"]')).toBeNull();
    expect(asked).toContainEqual({
      name: 'snyk-gitlab.repository.import',
      resourceRef: 'component:default/checkout-api',
    });
  });
});
