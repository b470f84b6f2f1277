import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { SnykGitlabApi, snykGitlabApiRef } from '../api/SnykGitlabApi';
import { entity } from './fixtures';

/** Renders a component of this plugin for the test entity, with a backend and a permission answer. */
export function renderForEntity(
  element: ReactElement,
  api: SnykGitlabApi,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [snykGitlabApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}
