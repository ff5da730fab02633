/**
 * Makes `…/ui/` serve the mounted dashboard's page under Fastify too. Nest strips the trailing
 * slash of every route path and Fastify matches paths exactly (unless the app turned on
 * `ignoreTrailingSlash`), so no route ever matches `…/ui/`.
 *
 * A hook on the Fastify instance takes a GET or HEAD that Fastify found no route for, whose path
 * minus its trailing slash is a route, and routes it again to that path the way Fastify's own
 * `rewriteUrl` does (`originalUrl` keeps the slash, so the page keeps its relative URLs). The
 * second pass runs the route's whole lifecycle (app hooks, the admin guard and filter) when the
 * route is a dashboard page, marked by {@link dashboardPage}; any other route answers 404 as
 * before. Redirecting instead could loop behind a proxy that adds the slash.
 */
import { SetMetadata } from '@nestjs/common';

/** The route-config flag of a dashboard page. */
const DASHBOARD_PAGE = 'nestjsGocraftWorkDashboardPage';

/**
 * Marks a handler as a dashboard page, in the Fastify route config that Nest's Fastify adapter
 * reads from this metadata key (the one its `@RouteConfig()` writes; ignored under Express).
 */
export const dashboardPage = () =>
  SetMetadata('__fastify_route_config__', { [DASHBOARD_PAGE]: true });

/** The parts of a Fastify request, reply and instance the hook uses (Fastify is not a dependency). */
interface RawRequest {
  url?: string;
  originalUrl?: string;
}
interface HookRequest {
  method: string;
  url: string;
  raw: RawRequest;
  is404?: boolean;
  routeOptions?: { config?: Record<string, unknown> };
}
interface HookReply {
  raw: unknown;
  callNotFound(): unknown;
}
interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (request: HookRequest, reply: HookReply, done: () => void) => void,
  ): unknown;
  findRoute(route: { method: string; url: string }): object | null;
  routing(request: RawRequest, response: unknown): void;
}

/** Instances the hook is on already: every mounted dashboard (named instances) shares one. */
const hooked = new WeakSet<object>();

/** Adds the hook to `fastify` (once per instance); call it before the app starts listening. */
export function serveDashboardWithTrailingSlash(fastify: FastifyLike): void {
  if (hooked.has(fastify)) return;
  hooked.add(fastify);
  /** Raw requests routed again without their slash. */
  const rerouted = new WeakSet<RawRequest>();
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (rerouted.has(raw)) {
      if (request.routeOptions?.config?.[DASHBOARD_PAGE] === true) return done();
      // Not a dashboard page: the 404 the request had, for the path it asked.
      raw.url = raw.originalUrl;
      reply.callNotFound();
      return;
    }
    const target = request.is404 ? withoutSlashIfRouted(fastify, request) : null;
    if (target === null) return done();
    // Not calling done(): this pass ends here; the second one answers on the same response.
    rerouted.add(raw);
    raw.originalUrl = raw.url;
    raw.url = target;
    fastify.routing(raw, reply.raw);
  });
}

/** The URL without the path's trailing slash, when that is a GET route; else null. */
function withoutSlashIfRouted(fastify: FastifyLike, request: HookRequest): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const [path, query] = splitQuery(request.url);
  if (path.length < 2 || !path.endsWith('/')) return null;
  const bare = path.slice(0, -1);
  return fastify.findRoute({ method: 'GET', url: bare }) ? bare + query : null;
}

function splitQuery(url: string): [string, string] {
  const at = url.indexOf('?');
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at)];
}
