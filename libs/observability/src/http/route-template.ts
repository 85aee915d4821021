import type { IncomingMessage } from 'node:http';

const ROUTE = Symbol('observability.route');

/** The `route` of requests that matched no route: one shared value, whatever the path. @internal */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Records on the raw request the route template Fastify matched (Fastify keeps it on its own
 * request object, which the server-level listener does not see).
 *
 * @internal
 */
export function rememberRoute(raw: IncomingMessage, template: string | undefined): void {
  if (template !== undefined) (raw as { [ROUTE]?: string })[ROUTE] = template;
}

interface ExpressRoute {
  path?: unknown;
}

/**
 * The route template the framework routed a request to, with the global prefix and version
 * (`/v1/models/:id`), or `undefined` when it routed it nowhere. Express sets `req.route` on the
 * request it routes; Fastify's is remembered by `rememberRoute`. A framework's own handlers are
 * routes too (Nest's catch-all "not found" is mounted as `*path` under the global prefix): the
 * pipeline keeps a 404's template only when it is one of the application's routes.
 *
 * @internal
 */
export function routeTemplateOf(req: IncomingMessage): string | undefined {
  const remembered = (req as { [ROUTE]?: string })[ROUTE];
  if (remembered !== undefined) return remembered;
  const express = req as { route?: ExpressRoute; baseUrl?: unknown };
  const path = express.route?.path;
  if (typeof path !== 'string') return undefined;
  return typeof express.baseUrl === 'string' ? `${express.baseUrl}${path}` : path;
}

/**
 * The path of a request URL, without its query string.
 *
 * @internal
 */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
