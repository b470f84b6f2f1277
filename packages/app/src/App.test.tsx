import { renderTestApp } from '@backstage/frontend-test-utils';
import { render, screen, within } from '@testing-library/react';
import App from './App';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import snykGitlabPlugin from '@snyk-gitlab/plugin-snyk-gitlab/alpha';
import { sidebar } from './modules/app/Sidebar';

describe('App', () => {
  it('starts on the guest sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    render(App.createRoot());
    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 20_000 }),
    ).toBeInTheDocument();
  }, 30_000);

  it('puts the Snyk page in the sidebar', async () => {
    renderTestApp({
      features: [
        catalogPlugin,
        snykGitlabPlugin,
        createFrontendModule({ pluginId: 'app', extensions: [sidebar] }),
      ],
    });
    const nav = await screen.findByRole('navigation', {
      name: 'sidebar nav',
    });
    expect(within(nav).getByRole('link', { name: 'Snyk' })).toHaveAttribute(
      'href',
      '/snyk-gitlab',
    );
  });
});
