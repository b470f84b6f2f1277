import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { sidebar } from './Sidebar';
import { signInPage } from './signInPage';

/** The demo app's own sidebar and sign-in page. */
export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [sidebar, signInPage],
});
