import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { pathOf } from '../http/route-template';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import type { RouteHandler } from '../http/sdk-routes';
import { sdkLog } from '../logging/sdk-logger';

/**
 * The management port (`metrics.port`): a server of its own for `/metrics` and the detailed
 * probes, off the public port. Not started when `metrics.port` is unset.
 *
 * @internal
 */
@Injectable()
export class ManagementServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly routes = new Map<string, RouteHandler>();
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

  /** Answers `GET` and `HEAD` requests for `path` with `handler`. Call before bootstrap ends. */
  add(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.options.metrics;
    if (port === undefined) return;
    const server = createServer((req, res) => {
      const handler =
        req.method === 'GET' || req.method === 'HEAD'
          ? this.routes.get(pathOf(req.url))
          : undefined;
      if (handler !== undefined) handler(req, res);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    sdkLog.info(
      `Management port: http://${host}:${this.port} (${[...this.routes.keys()].join(', ')})`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
