import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { ensureContextManager, withOperationIds } from '../context/operation-context';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import { SinkChain } from '../instrument/operation';
import { OBSERVABILITY_LOGGER, OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { httpBucketsWithSlos } from '../slo/slo-buckets';
import { findPreloadOffer } from '../telemetry/preload-handoff';
import type { HttpExchange, HttpOutcome, HttpSink } from './http-exchange';
import { outcomeOfStatus } from './http-exchange';
import { methodLabel } from './http-method';
import { observeClientErrors } from './client-errors';
import { Exclusions } from './exclusions';
import { RouteCatalog } from './route-catalog';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';
import { onResponseEnd } from './response-end';
import { pathOf, rememberRoute, routeTemplateOf } from './route-template';
import { NOSNIFF, SdkRoutes } from './sdk-routes';
import { AccessLogSink } from './sinks/access-log.sink';
import { HttpMetricsSink } from './sinks/http-metrics.sink';
import { ServerSpanSink } from './sinks/server-span';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** The exchange whose response is in flight on a socket (its own symbol, set and cleared here). */
const IN_FLIGHT = Symbol('nestjs-observability.in-flight');

interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (
      request: { raw: IncomingMessage; routeOptions?: { url?: string } },
      reply: unknown,
      done: () => void,
    ) => void,
  ): void;
}

/**
 * What happens to every HTTP request, in one place, whatever the adapter (it takes over the HTTP
 * server's `request` event, in front of Express or Fastify):
 *
 * 1. The SDK's own endpoints (`/metrics`, `/health`, `/ready`) are answered here, ahead of the
 *    framework: no global prefix, guard or middleware applies to them.
 * 2. Every request gets its id (`x-request-id`, the caller's when it is a plain token).
 * 3. A request `http.excludePaths` names (its path, or a route template its path matches) is
 *    handed to the framework and nothing more is recorded.
 * 4. Otherwise the request's scope is opened: its SERVER span (when tracing runs), its id, for
 *    everything the framework does with it; the sinks see its start.
 * 5. When the response is over (finished, or the connection closed first: 499; or Node answered
 *    400 to a malformed body), the route (the framework's, or for a request it answered before
 *    routing, the application route its method and path match), the status and the duration are
 *    resolved once into one outcome and handed to the sinks, in order: the access log, the HTTP
 *    metrics, the span. The sinks are a `SinkChain` of the operation model every context shares
 *    (`instrument/operation.ts`: messages, job attempts, task runs and listener calls too).
 * 6. A request Node rejects before any of this (a malformed request line, headers over the
 *    limit) is answered as Node would and counted by the sinks that count (`client-errors.ts`).
 *
 * A failure of the telemetry never fails the request: it is counted and reported, and the request
 * goes on untraced.
 *
 * @internal
 */
@Injectable()
export class RequestPipeline
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private chain = new SinkChain<HttpExchange, HttpOutcome, HttpSink>([]);
  private readonly exclusions: Exclusions;
  private server: Server | undefined;
  private appListeners: RequestListener[] = [];
  private closing = false;
  private catalog: RouteCatalog | undefined;
  private stopObservingClientErrors: (() => void) | undefined;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(OBSERVABILITY_LOGGER) private readonly logger: Logger,
    @Inject(SdkRoutes) private readonly sdkRoutes: SdkRoutes,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {
    this.exclusions = new Exclusions(options.http.excludePaths);
  }

  onModuleInit(): void {
    ensureContextManager();
    const { metrics, logging, tracing, slos } = this.options;
    const sinks: HttpSink[] = [];
    if (metrics.http) {
      sinks.push(
        new HttpMetricsSink({
          prefix: metrics.prefix,
          buckets: httpBucketsWithSlos(metrics.httpBuckets, slos),
          maxSeries: metrics.maxSeries,
        }),
      );
    }
    if (logging.accessLog) sinks.push(new AccessLogSink(this.logger, logging.requestHeaders));
    // The span opens first (its context is the request's scope) and ends last.
    if (findPreloadOffer() !== undefined) sinks.unshift(new ServerSpanSink(tracing.responseHeader));
    this.chain = new SinkChain(sinks);
  }

  onApplicationBootstrap(): void {
    const routes = this.sdkRoutes.applicationRoutes();
    this.sdkRoutes.refuseTakeovers(routes);
    this.catalog = new RouteCatalog(routes);
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    if (server === undefined || typeof server.listeners !== 'function') return;
    this.server = server;
    this.rememberFastifyRoutes();
    this.appListeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', this.handle);
    this.stopObservingClientErrors = observeClientErrors(server, {
      responseOn: (socket) => (socket as { [IN_FLIGHT]?: HttpExchange })[IN_FLIGHT]?.res,
      rejected: (status, socket) => {
        const exchange = (socket as { [IN_FLIGHT]?: HttpExchange })[IN_FLIGHT];
        if (exchange !== undefined) exchange.rejectedWith = String(status);
        else this.rejected(String(status));
      },
    });
  }

  onApplicationShutdown(): void {
    if (this.server === undefined) return;
    this.stopObservingClientErrors?.();
    this.server.off('request', this.handle);
    for (const listener of this.appListeners) this.server.on('request', listener);
    this.server = undefined;
  }

  /**
   * From the shutdown signal on, every response asks its client to close the connection
   * (`Connection: close`), so that keep-alive clients (kube-proxy, ingresses, sidecars, pooled
   * HTTP clients) leave after their current request and reconnect elsewhere, instead of holding
   * the socket open past the listener's close until the shutdown deadline. Node then closes each
   * such socket once its response is sent; Nest's `server.close()` after the drain closes the
   * idle ones.
   */
  closeConnectionsAfterResponses(): void {
    this.closing = true;
  }

  private readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (this.closing) res.setHeader('connection', 'close');
    const endpoint = this.sdkRoutes.match(req);
    if (endpoint !== undefined) res.setHeader(NOSNIFF[0], NOSNIFF[1]);
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (this.chain.sinks.length === 0 || this.exclusions.excludes(req.url)) {
      if (endpoint !== undefined) endpoint(req, res);
      else this.toFramework(req, res);
      return;
    }
    const exchange: HttpExchange = {
      req,
      res,
      method: methodLabel(req.method),
      startedMs: performance.now(),
      requestId,
      span: undefined,
      // What the server was called in (an outer instrumentation's span, if any), with the id.
      context: withOperationIds(context.active(), { field: 'request_id', value: requestId }),
    };
    this.chain.start(exchange, 'HTTP request');
    const socket = req.socket as { [IN_FLIGHT]?: HttpExchange };
    socket[IN_FLIGHT] = exchange;
    onResponseEnd(res, (status) => {
      if (socket[IN_FLIGHT] === exchange) socket[IN_FLIGHT] = undefined;
      this.end(exchange, exchange.rejectedWith ?? status);
    });
    context.with(exchange.context, () =>
      endpoint !== undefined ? endpoint(req, res) : this.toFramework(req, res),
    );
  };

  private end(exchange: HttpExchange, status: string): void {
    const seconds = (performance.now() - exchange.startedMs) / 1000;
    let route: string | undefined;
    try {
      const { req } = exchange;
      const template = routeTemplateOf(req);
      // A 404 from a route the application does not have (Nest's catch-all, the not-found
      // handler it mounts on excluded paths) matched none.
      const routed =
        status === '404' &&
        template !== undefined &&
        this.catalog?.has(req.method, template) === false
          ? undefined
          : template;
      route =
        routed ??
        this.sdkRoutes.routeOf(req) ??
        // Answered before routing (a body the parser refused): the route its path and method match.
        (status === '404' ? undefined : this.catalog?.match(req.method, pathOf(req.url)));
    } catch (error) {
      // The request is still recorded, without its route, and its span still ends.
      reportInstrumentationFailure('HTTP request', 'record-count', error);
    }
    const outcome = { outcome: outcomeOfStatus(status), error: undefined, status, route, seconds };
    // The span ends last, after the metrics and the access line that carry its ids.
    this.chain.end(exchange, outcome, 'HTTP request');
  }

  /** A request Node rejected itself, before the pipeline saw it: the sinks that count it do. */
  private rejected(status: string): void {
    for (const sink of this.chain.sinks) {
      try {
        sink.rejected?.(status);
      } catch (error) {
        reportInstrumentationFailure('HTTP request', 'record-count', error);
      }
    }
  }

  private toFramework(req: IncomingMessage, res: ServerResponse): void {
    for (const listener of this.appListeners) listener.call(this.server, req, res);
  }

  /** Fastify keeps the matched route on its own request object: copy it to the raw one. */
  private rememberFastifyRoutes(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    adapter.getInstance<FastifyLike>().addHook('onRequest', (request, _reply, done) => {
      rememberRoute(request.raw, request.routeOptions?.url);
      done();
    });
  }
}
