import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';
import { methodLabel } from '../http-metrics/http-method';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import { pathOf } from '../http-metrics/request-route';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { ABORTED_STATUS, onResponseEnd } from '../server/response-end';
import { ServerRoutes } from '../server/server-routes';
import { currentTracer } from './tracer';
import { tracingRuntime } from './tracing-runtime';

/** The request's span is the outermost scope: everything else sees it. @internal */
export const SERVER_SPAN_SCOPE_ORDER = 0;

function hostOf(req: IncomingMessage): { address?: string; port?: number } {
  const host = req.headers.host;
  if (host === undefined) return {};
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (match === null) return {};
  return { address: match[1], port: match[2] === undefined ? undefined : Number(match[2]) };
}

function requestAttributes(req: IncomingMessage, method: string): Attributes {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const socket = req.socket as { remoteAddress?: string; remotePort?: number; encrypted?: boolean };
  const host = hostOf(req);
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_PATH]: pathOf(url),
    [ATTR_URL_SCHEME]: socket.encrypted === true ? 'https' : 'http',
    [ATTR_NETWORK_PROTOCOL_VERSION]: req.httpVersion,
    [ATTR_CLIENT_ADDRESS]: socket.remoteAddress,
    [ATTR_NETWORK_PEER_ADDRESS]: socket.remoteAddress,
    [ATTR_NETWORK_PEER_PORT]: socket.remotePort,
    [ATTR_SERVER_ADDRESS]: host.address,
    [ATTR_SERVER_PORT]: host.port,
    [ATTR_USER_AGENT_ORIGINAL]: req.headers['user-agent'],
  };
  for (const key in attributes) if (attributes[key] === undefined) delete attributes[key];
  if (query !== -1) attributes[ATTR_URL_QUERY] = url.slice(query + 1);
  if (method === '_OTHER') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = req.method;
  return attributes;
}

/**
 * One SERVER span per HTTP request, opened where the request enters the server (before the
 * framework, whatever the adapter) and ended when the response is over, following the HTTP
 * semantic conventions: named `METHOD /route/template` (or `METHOD` when no route matched),
 * `http.request.method`, `url.path`, `url.query` (redacted on export), `url.scheme`,
 * `server.address`/`port`, `client.address`, `user_agent.original`, `http.route` and
 * `http.response.status_code`; status ERROR with `error.type` for 5xx. The caller's W3C trace
 * context and baggage are continued. The request and response emitters are bound to the span's
 * context, so body parsing and `finish` listeners stay in the request's trace.
 *
 * It replaces the http instrumentation's incoming side (which computes old and new conventions
 * and binds more per request), with the route the SDK already resolves for its metrics. The SDK's
 * own endpoints (probes, `/metrics`) get no span. Active only when the preload started tracing.
 *
 * @internal
 */
@Injectable()
export class ServerSpans implements OnModuleInit {
  private readonly untraced: ReadonlySet<string>;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) options: ResolvedObservabilityOptions,
    @Inject(ServerRoutes) private readonly routes: ServerRoutes,
  ) {
    const paths = [options.health.livenessPath, options.health.readinessPath];
    if (options.metrics.path !== false) paths.push(options.metrics.path);
    this.untraced = new Set(paths);
  }

  onModuleInit(): void {
    if (tracingRuntime() === undefined) return;
    this.routes.wrap(this.inServerSpan, SERVER_SPAN_SCOPE_ORDER);
  }

  private readonly inServerSpan = (
    req: IncomingMessage,
    res: ServerResponse,
    next: () => void,
  ): void => {
    if (this.untraced.has(pathOf(req.url))) {
      next();
      return;
    }
    let spanContext: Context;
    try {
      spanContext = this.start(req, res);
    } catch (error) {
      reportInstrumentationFailure('HTTP server span', 'start-span', error);
      next(); // the request is served untraced: telemetry never breaks the host
      return;
    }
    context.with(spanContext, next);
  };

  private start(req: IncomingMessage, res: ServerResponse): Context {
    const method = methodLabel(req.method);
    const name = method === 'OTHER' ? 'HTTP' : method;
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = currentTracer().startSpan(
      name,
      {
        kind: SpanKind.SERVER,
        attributes: requestAttributes(req, method === 'OTHER' ? '_OTHER' : method),
      },
      parent,
    );
    const spanContext = trace.setSpan(parent, span);
    context.bind(spanContext, req);
    context.bind(spanContext, res);
    onResponseEnd(res, (status) => {
      try {
        this.end(span, name, req, status);
      } catch (error) {
        reportInstrumentationFailure('HTTP server span', 'end-span', error);
      }
    });
    return spanContext;
  }

  private end(span: Span, name: string, req: IncomingMessage, status: string): void {
    const route = this.routes.routeOf(req, status);
    if (route !== undefined) {
      span.setAttribute(ATTR_HTTP_ROUTE, route);
      span.updateName(`${name} ${route}`);
    }
    if (status === ABORTED_STATUS) {
      span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
    } else {
      const code = Number(status);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, code);
      if (code >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, status);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    }
    span.end();
  }
}
