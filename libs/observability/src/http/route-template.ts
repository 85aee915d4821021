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
 * The route template a request matched, with the global prefix and version (`/v1/models/:id`),
 * or `undefined` when it matched none. Express sets `req.route` on the request it routes;
 * Fastify's is remembered by `rememberRoute`.
 *
 * Nest's catch-all "not found" handler is the one route whose path is not absolute: it is mounted
 * as `*path` on a router of its own under the global prefix, while Nest registers every route of
 * the application with a leading `/`. A 404 from it matched no route; a 404 from the
 * application's own wildcard route (`/files/*path`) keeps that route.
 *
 * @internal
 */
export function routeTemplateOf(req: IncomingMessage, status: string): string | undefined {
  const remembered = (req as { [ROUTE]?: string })[ROUTE];
  if (remembered !== undefined) return remembered;
  const express = req as { route?: ExpressRoute; baseUrl?: unknown };
  const path = express.route?.path;
  if (typeof path !== 'string') return undefined;
  if (status === '404' && !path.startsWith('/')) return undefined;
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
