import { IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { pathOf, routeTemplateOf } from '../http-metrics/request-route';

/**
 * Paths whose requests get no span: the probes and the scrape, polled every few seconds by
 * machines, would otherwise outnumber the requests worth tracing.
 *
 * @internal
 */
export const UNTRACED_PATHS: readonly string[] = ['/health', '/ready', '/metrics'];

/**
 * The http instrumentation's `ignoreIncomingRequestHook` for `paths`.
 *
 * @internal
 */
export function ignorePaths(paths: readonly string[]): (req: IncomingMessage) => boolean {
  const set = new Set(paths);
  return (req) => set.has(pathOf(req.url));
}

/**
 * The http instrumentation's `applyCustomAttributesOnSpan`, called when a response is finished
 * and before its span ends: names a SERVER span `METHOD /route/template` with `http.route`, from
 * the route the framework matched (Express or Fastify, global prefix and version included), the
 * same template the HTTP metrics use. A request that matched no route keeps the name `METHOD`, as
 * the semantic conventions ask, so raw paths never become span names.
 *
 * @internal
 */
export function nameServerSpan(span: Span, request: unknown, response: unknown): void {
  if (!(request instanceof IncomingMessage)) return; // a CLIENT span: request is a ClientRequest
  const status = String((response as { statusCode?: number }).statusCode ?? 0);
  const route = routeTemplateOf(request, status);
  if (route === undefined) return;
  span.setAttribute(ATTR_HTTP_ROUTE, route);
  span.updateName(`${request.method ?? 'GET'} ${route}`);
}
