import type { IncomingMessage } from 'node:http';
import { SPAN_STAGES } from '../../instrument/operation';
import type { Attributes } from '@opentelemetry/api';
import {
  context,
  isSpanContextValid,
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
import { withOperationIds } from '../../context/operation-context';
import { traceFlagsHex } from '../../logging/trace-fields';
import { currentTracer } from '../../instrument/tracer';
import type { HttpExchange, HttpOutcome, HttpSink } from '../http-exchange';
import { pathOf } from '../route-template';

function hostOf(req: IncomingMessage): { address?: string; port?: number } {
  const host = req.headers.host;
  if (host === undefined) return {};
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (match === null) return {};
  return { address: match[1], port: match[2] === undefined ? undefined : Number(match[2]) };
}

/** The request's attributes beyond the method and the path, which the span starts with. */
function requestAttributes(req: IncomingMessage, method: string): Attributes {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const socket = req.socket as { remoteAddress?: string; remotePort?: number; encrypted?: boolean };
  const host = hostOf(req);
  const attributes: Attributes = {
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
 * `http.response.status_code`; status ERROR with `error.type` for 5xx. The caller's trace context
 * and baggage are continued. The request and response emitters are bound to the span's context, so
 * body parsing and `finish` listeners stay in the request's trace. The response returns the trace
 * context to the caller in `responseHeader` (W3C `traceresponse`), unless it is false.
 *
 * It replaces the http instrumentation's incoming side (which computes old and new conventions and
 * binds more per request), with the route the pipeline resolves once for every sink.
 *
 * @internal
 */
export class ServerSpanSink implements HttpSink {
  readonly stages = SPAN_STAGES;

  constructor(private readonly responseHeader: string | false) {}

  start(exchange: HttpExchange): void {
    const { req, res } = exchange;
    const method = exchange.method === 'OTHER' ? '_OTHER' : exchange.method;
    const name = exchange.method === 'OTHER' ? 'HTTP' : exchange.method;
    // The caller's context comes from the request's headers alone; the request id is kept.
    const parent = withOperationIds(propagation.extract(ROOT_CONTEXT, req.headers), {
      field: 'request_id',
      value: exchange.requestId,
    });
    // The sampler reads the method and the path; the other attributes are set only on a span that
    // records (OpenTelemetry validates attributes given to startSpan even for spans it drops).
    const span = currentTracer().startSpan(
      name,
      {
        kind: SpanKind.SERVER,
        attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_PATH]: pathOf(req.url ?? '/') },
      },
      parent,
    );
    if (span.isRecording()) span.setAttributes(requestAttributes(req, method));
    const spanContext = trace.setSpan(parent, span);
    context.bind(spanContext, req);
    context.bind(spanContext, res);
    exchange.span = span;
    exchange.context = spanContext;
    const ids = span.spanContext();
    if (this.responseHeader !== false && isSpanContextValid(ids)) {
      res.setHeader(
        this.responseHeader,
        `00-${ids.traceId}-${ids.spanId}-${traceFlagsHex(ids.traceFlags)}`,
      );
    }
  }

  end(exchange: HttpExchange, { outcome, status, route }: HttpOutcome): void {
    const span = exchange.span;
    if (span === undefined) return;
    if (route !== undefined) {
      span.setAttribute(ATTR_HTTP_ROUTE, route);
      span.updateName(`${exchange.method === 'OTHER' ? 'HTTP' : exchange.method} ${route}`);
    }
    if (outcome === 'cancelled') {
      span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
    } else {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, Number(status));
      if (outcome === 'error') {
        span.setAttribute(ATTR_ERROR_TYPE, status);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    }
    span.end();
  }
}
