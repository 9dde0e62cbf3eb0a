// GET /healthz: store ok, warehouse ok (with role warnings), schema snapshot id and age. 200 while
// the process can serve (also "degraded": warehouse down — restarting threadsql would not fix that),
// 503 only when the store is down.
import type { App } from '../app.ts';
import { sendJson, type Route } from './http-server.ts';

export function healthRoute(app: App): Route {
  return {
    method: 'GET',
    path: '/healthz',
    handler: async (_req, res) => {
      const report = await app.health();
      sendJson(res, report.status === 'down' ? 503 : 200, report);
    },
  };
}
