import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { pathOf } from '../http-metrics/request-route';

/** Answers one request completely. @internal */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;
type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The SDK's own endpoints on the application's port (`/metrics`, `/health`, `/ready`), answered
 * at the HTTP server ahead of the framework: neither the global prefix nor global guards nor
 * middleware apply to them, whatever the adapter. Every other request goes to the framework
 * untouched.
 *
 * @internal
 */
@Injectable()
export class ServerRoutes implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly routes = new Map<string, RouteHandler>();
  private server: Server | undefined;
  private appListeners: RequestListener[] = [];

  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  /** Answers `GET` and `HEAD` requests for `path` with `handler`. Call before bootstrap ends. */
  add(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    if (this.routes.size === 0 || server === undefined || typeof server.listeners !== 'function') {
      return;
    }
    this.server = server;
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

  /** The handler for `req`, when it is one of the SDK's routes. */
  match(req: IncomingMessage): RouteHandler | undefined {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    return this.routes.get(pathOf(req.url));
  }

  private readonly inFrontOfApp = (req: IncomingMessage, res: ServerResponse): void => {
    const handler = this.match(req);
    if (handler !== undefined) {
      handler(req, res);
      return;
    }
    for (const listener of this.appListeners) listener.call(this.server, req, res);
  };
}
