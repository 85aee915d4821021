import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { NOSNIFF } from '../http/sdk-routes';
import { HTTP_MESSAGES } from '../messages/http.messages';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';
import type { RouteHandler } from '../http/sdk-routes';
import { pathOf } from '../http/route-template';
import { sdkLog } from '../logging/sdk-logger';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { authorized, challenge } from './endpoint-auth';

/** An HTTP method the management port answers. @internal */
export type ManagementMethod = 'GET' | 'PUT' | 'DELETE';

interface Route {
  readonly handler: RouteHandler;
  /** Whether the route needs `metrics.auth` (everything but the probes). */
  readonly protect: boolean;
}

/**
 * The management port (`metrics.port`): a server of its own for `/metrics`, the detailed probes
 * and the runtime controls, off the public port. Not started when `metrics.port` is unset. Every
 * route but the probes requires `metrics.auth` when it is set. A path ending in `/*` matches
 * whatever follows it (`/loggers/*`).
 *
 * @internal
 */
@Injectable()
export class ManagementServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly routes = new Map<string, Route>();
  private server: Server | undefined;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
  ) {}

  /** Whether the management port is configured. */
  get enabled(): boolean {
    return this.options.metrics.port !== undefined;
  }

  /** The port actually listened on, once started. */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  /**
   * Answers `method` requests for `path` (`GET` also answers `HEAD`) with `handler`; `protect`
   * puts it behind `metrics.auth`. Call before bootstrap ends.
   */
  add(path: string, handler: RouteHandler, method: ManagementMethod = 'GET', protect = true): void {
    this.routes.set(`${method} ${path}`, { handler, protect });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.options.metrics;
    if (port === undefined) return;
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const paths = [...new Set([...this.routes.keys()].map((key) => key.split(' ')[1]))];
    sdkLog.info(RUNTIME_MESSAGES.managementPort(host, this.port ?? port, paths as string[]));
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader(NOSNIFF[0], NOSNIFF[1]);
    const route = this.match(req);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(HTTP_MESSAGES.notFound());
      return;
    }
    if (route.protect && !authorized(req, this.options.metrics.auth)) {
      challenge(res, this.options.metrics.auth);
      return;
    }
    route.handler(req, res);
  }

  private match(req: IncomingMessage): Route | undefined {
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? '');
    const path = pathOf(req.url);
    const exact = this.routes.get(`${method} ${path}`);
    if (exact !== undefined) return exact;
    const slash = path.lastIndexOf('/');
    return slash > 0 ? this.routes.get(`${method} ${path.slice(0, slash)}/*`) : undefined;
  }
}
