import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable, Optional } from '@nestjs/common';
import {
  ApplicationConfig,
  DiscoveryService,
  HttpAdapterHost,
  MetadataScanner,
} from '@nestjs/core';
import { MESSAGES } from '../errors/messages';
import type { OptionProblem } from '../errors/observability-config.error';
import { ObservabilityConfigError } from '../errors/observability-config.error';
import { pathOf, rememberRoute, routeTemplateOf } from '../http-metrics/request-route';
import { frameworkReadRoutes } from './framework-routes';

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

/** Answers one request completely. @internal */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;
/** Sees a request without answering it. @internal */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
/**
 * Runs `next` (the observers, then the SDK route or the framework) inside a scope of its own: the
 * request's span, its request id. @internal
 */
export type RequestScope = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * The one place that takes over the application server's `request` event, whatever the adapter:
 * observers (the HTTP metrics) see every request first; the SDK's own endpoints (`/metrics`,
 * `/health`, `/ready`) are answered ahead of the framework, so neither the global prefix nor
 * global guards nor middleware apply to them; every other request goes to the framework
 * untouched. A controller route of the application at one of those paths stops startup with an
 * error naming both and the option that resolves it: the SDK never takes a route over silently.
 *
 * @internal
 */
@Injectable()
export class ServerRoutes implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly options = new Map<string, string>();
  private readonly observers: RequestListener[] = [];
  private server: Server | undefined;
  private appListeners: RequestListener[] = [];
  private scopes: { readonly scope: RequestScope; readonly order: number }[] = [];

  constructor(
    @Optional() private readonly adapterHost?: HttpAdapterHost,
    @Optional() private readonly discovery?: DiscoveryService,
    @Optional() private readonly scanner?: MetadataScanner,
    @Optional() private readonly config?: ApplicationConfig,
  ) {}

  /**
   * Calls `observer` first for every request the server receives, the SDK's own routes included
   * (the HTTP metrics decide themselves what to exclude). Call before bootstrap ends.
   */
  observe(observer: RequestListener): void {
    this.observers.push(observer);
  }

  /**
   * Runs everything that happens to a request (observers, SDK route or framework) inside `scope`.
   * Scopes nest by `order`, the lowest outermost: the request's span wraps its request id, so
   * that both are seen everywhere. Call before bootstrap ends.
   */
  wrap(scope: RequestScope, order: number): void {
    this.scopes = [...this.scopes, { scope, order }].sort((x, y) => x.order - y.order);
  }

  /**
   * Answers `GET` and `HEAD` requests for `path` with `handler`; `option` is the module option
   * that sets the path (named when an application route is already there). Call before bootstrap
   * ends.
   */
  add(path: string, handler: RouteHandler, option: string): void {
    this.routes.set(path, handler);
    this.options.set(path, option);
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    const idle = this.routes.size === 0 && this.observers.length === 0 && this.scopes.length === 0;
    if (idle || server === undefined || typeof server.listeners !== 'function') {
      return;
    }
    this.refuseTakeovers();
    this.server = server;
    this.rememberFastifyRoutes();
    this.appListeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', this.inFrontOfApp);
  }

  onApplicationShutdown(): void {
    if (this.server === undefined) return;
    this.server.off('request', this.inFrontOfApp);
    for (const listener of this.appListeners) this.server.on('request', listener);
    this.server = undefined;
  }

  /**
   * The route template `req` matched (global prefix and version included), the path of an SDK
   * route, or `undefined` when it matched none. Read it once the response is finished.
   */
  routeOf(req: IncomingMessage, status: string): string | undefined {
    return (
      routeTemplateOf(req, status) ?? (this.match(req) !== undefined ? pathOf(req.url) : undefined)
    );
  }

  /** Stops startup when an application controller serves one of the SDK's paths. */
  private refuseTakeovers(): void {
    if (this.discovery === undefined || this.scanner === undefined) return;
    const problems: OptionProblem[] = [];
    for (const route of frameworkReadRoutes(this.discovery, this.scanner, this.config)) {
      const option = this.options.get(route.path);
      if (option === undefined) continue;
      problems.push({
        option,
        value: route.path,
        expected: MESSAGES.routeTakenExpected(route.path, route.handler),
        fix: MESSAGES.routeTakenFix(option, route.handler),
      });
    }
    if (problems.length > 0) throw new ObservabilityConfigError(problems);
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

  /** The handler for `req`, when it is one of the SDK's routes. */
  match(req: IncomingMessage): RouteHandler | undefined {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    return this.routes.get(pathOf(req.url));
  }

  private readonly inFrontOfApp = (req: IncomingMessage, res: ServerResponse): void => {
    this.inScopes(0, req, res);
  };

  private inScopes(index: number, req: IncomingMessage, res: ServerResponse): void {
    const entry = this.scopes[index];
    if (entry === undefined) this.handle(req, res);
    else entry.scope(req, res, () => this.inScopes(index + 1, req, res));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    for (const observer of this.observers) observer(req, res);
    const handler = this.match(req);
    if (handler !== undefined) {
      handler(req, res);
      return;
    }
    for (const listener of this.appListeners) listener.call(this.server, req, res);
  }
}
