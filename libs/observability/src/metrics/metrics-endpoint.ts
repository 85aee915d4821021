import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { pathOf } from '../http-metrics/request-route';
import { ServerRoutes } from '../server/server-routes';
import type { ExpositionFormat } from './exposition';
import { EXPOSITION_CONTENT_TYPES, renderMetrics } from './exposition';
import { metricCatalog } from './metric-catalog';
import { registerRuntimeMetrics } from './runtime-metrics';

/**
 * The format a scraper asked for: OpenMetrics when its `Accept` header names it (Prometheus sends
 * it first when it can read exemplars), the Prometheus text format otherwise.
 *
 * @internal
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  return accept?.includes('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
}

/**
 * Serves the metrics endpoint (`GET /metrics` by default) from the registry the SDK's metrics and
 * users' prom-client metrics share. On the application port it answers at the HTTP server
 * itself, ahead of the framework, so the global prefix, global guards and middleware never apply
 * to it; with `metrics.port` it answers on a management server of its own instead, and the
 * application port does not serve it.
 *
 * @internal
 */
@Injectable()
export class MetricsEndpoint
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('Observability');
  private managementServer: Server | undefined;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(ServerRoutes) private readonly routes: ServerRoutes,
  ) {}

  onModuleInit(): void {
    if (this.options.metrics.port === undefined) {
      this.routes.add(this.options.metrics.path, (req, res) => void this.serve(req, res));
    }
  }

  /** The management port actually listened on, when there is one. */
  get managementPort(): number | undefined {
    return (this.managementServer?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, host, runtime, prefix } = this.options.metrics;
    if (runtime) registerRuntimeMetrics(metricCatalog.currentRegistry, prefix);
    if (port !== undefined) await this.listenOnManagementPort(port, host);
  }

  async onApplicationShutdown(): Promise<void> {
    const management = this.managementServer;
    this.managementServer = undefined;
    if (management !== undefined) {
      management.closeAllConnections();
      await new Promise<void>((resolve) => management.close(() => resolve()));
    }
  }

  private isScrape(req: IncomingMessage): boolean {
    return (
      (req.method === 'GET' || req.method === 'HEAD') &&
      pathOf(req.url) === this.options.metrics.path
    );
  }

  private async listenOnManagementPort(port: number, host: string): Promise<void> {
    const server = createServer((req, res) => {
      if (this.isScrape(req)) void this.serve(req, res);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.managementServer = server;
    this.logger.log(
      `Metrics on the management port: http://${host}:${this.managementPort}${this.options.metrics.path}`,
    );
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const format = negotiateFormat(req.headers.accept);
      const body = await renderMetrics(metricCatalog.currentRegistry, format);
      res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPES[format] });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      this.logger.error(`Rendering the metrics failed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Rendering the metrics failed; see the service log.\n');
    }
  }
}
