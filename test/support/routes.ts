import type { TestApp } from './test-app.js';

export interface Route {
  method: string;
  path: string;
}

/**
 * (method, path) of every route layer in the Express 5 router of the running application: what it
 * actually serves, not a list kept by hand, so a new controller cannot slip past the tests that use it.
 */
export function routesOf(t: TestApp): Route[] {
  const instance = t.app.getHttpAdapter().getInstance();
  const stack: { route?: { path: unknown; methods: Record<string, boolean> } }[] | undefined = instance.router?.stack;
  if (!Array.isArray(stack)) throw new Error('no router stack on the Express instance (Express 5: app.router.stack)');
  const routes: Route[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      if (typeof path !== 'string') throw new Error(`route path is not a string: ${String(path)}`);
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path });
      }
    }
  }
  return routes;
}

/** Swagger UI and the OpenAPI document: public by design. */
export const isDocsRoute = (path: string) => path.startsWith('/api/docs');

/**
 * The routes reachable without a token (besides the docs): health, login, and the dashboard's page shell
 * and static assets, which carry no data (the page signs in and reads the API with a bearer token), and
 * the pages' sign-in and sign-out forms (CSRF-protected; sign-out needs no valid session, only its token).
 */
export const PUBLIC_ROUTES = new Set(['GET /health', 'POST /api/auth/login', 'GET /dashboard', 'GET /assets/:file', 'GET /login', 'POST /login', 'POST /logout']);

/**
 * The server-rendered pages signed in by the session cookie, not by a bearer token: every route outside
 * /api that is not public above. Without the cookie they redirect to /login (303) instead of answering 401,
 * and they carry no bearer requirement in OpenAPI. Taken from the router, so a new page cannot slip past:
 * test/web/pages.e2e.spec.ts checks each of them refuses a request without a session (and with a bearer token only).
 */
export const isPageRoute = (r: Route) => !r.path.startsWith('/api/') && r.path !== '/api' && !PUBLIC_ROUTES.has(`${r.method} ${r.path}`);

export const isPublic = (r: Route) => PUBLIC_ROUTES.has(`${r.method} ${r.path}`) || isDocsRoute(r.path) || isPageRoute(r);
