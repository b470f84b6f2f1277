import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import Router from 'express-promise-router';
import { AddressInfo } from 'node:net';

/**
 * The Backstage floor: a plugin route that reads the caller's credentials and
 * answers `{}`, behind the same backend stack (root router, auth policy,
 * credentials) as the plugin, with no database and no permission check.
 */
const floorPlugin = createBackendPlugin({
  pluginId: 'bench-floor',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = Router();
        router.get('/status', async (req, res) => {
          await httpAuth.credentials(req, { allow: ['user', 'service'] });
          res.json({});
        });
        httpRouter.use(router);
      },
    });
  },
});

/** Starts the Backstage floor; answers its backend and the route's URL. */
export async function startBackstageFloor() {
  const backend = await startTestBackend({
    features: [
      floorPlugin,
      mockServices.rootLogger.factory({ level: 'error' }),
    ],
  });
  const port = (backend.server.address() as AddressInfo).port;
  return { backend, url: `http://127.0.0.1:${port}/api/bench-floor/status` };
}
