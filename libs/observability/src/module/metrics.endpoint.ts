import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { createRequire } from 'node:module';
import { HTTP_MESSAGES } from '../messages/http.messages';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';
import { METRIC_NAMES } from '../naming/metric-names';
import { readTelemetryEnvironment } from '../environment/telemetry-environment';
import { preloadSettings } from '../telemetry/preload-handoff';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { authorized, challenge } from '../management/endpoint-auth';
import { ManagementServer } from '../management/management-server';
import { SdkRoutes } from '../http/sdk-routes';
import type { ExpositionFormat } from '../metrics/exposition';
import { EXPOSITION_CONTENT_TYPES } from '../metrics/exposition';
import { SharedRender } from '../metrics/shared-render';
import { metricCatalog } from '../metrics/metric-catalog';
import { registerRuntimeMetrics, removeMisnamedGauges } from '../metrics/runtime-metrics';
import { sdkLog } from '../logging/sdk-logger';

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
 * users' prom-client metrics share: on the application port, ahead of the framework (so the
 * global prefix, global guards and middleware never apply to it), or with `metrics.port` on the
 * management port only. Concurrent scrapes share one render.
 *
 * @internal
 */
@Injectable()
export class MetricsEndpoint implements OnModuleInit, OnApplicationBootstrap {
  private readonly renders = new SharedRender(() => metricCatalog.currentRegistry);

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(SdkRoutes) private readonly routes: SdkRoutes,
    @Inject(ManagementServer) private readonly management: ManagementServer,
  ) {}

  onModuleInit(): void {
    this.guardForeignMetrics();
    const { path } = this.options.metrics;
    // OTEL_METRICS_EXPORTER without `prometheus` (e.g. `otlp` alone): pushed, not served. The
    // preload's reading when it ran: what its SDK pushes, whatever the environment says now.
    const telemetry = preloadSettings() ?? readTelemetryEnvironment().settings;
    const scraped = telemetry.metrics.exporters.includes('prometheus');
    if (path === false || !scraped) return;
    const serve = (req: IncomingMessage, res: ServerResponse) => void this.serve(req, res);
    if (this.management.enabled) this.management.add(path, serve);
    else this.routes.add(path, serve, 'metrics.path');
  }

  onApplicationBootstrap(): void {
    const { runtime, prefix } = this.options.metrics;
    const registry = metricCatalog.currentRegistry;
    // Default metrics registered by other code (e.g. @willsoto/nestjs-prometheus) bring gauges
    // named *_total that Prometheus's linter rejects: /metrics stays clean whoever made them.
    const removed = removeMisnamedGauges(registry, [prefix, '']);
    if (removed.length > 0) sdkLog.info(RUNTIME_MESSAGES.misnamedGaugesRemoved(removed));
    if (runtime) registerRuntimeMetrics(registry, prefix);
  }

  /** The application's own prom-client metrics get the SDK's series limit too. */
  private guardForeignMetrics(): void {
    const version = promClientVersion();
    if (!version.startsWith('15.')) {
      sdkLog.warn(RUNTIME_MESSAGES.promClientUnsupported(version));
      return;
    }
    const { maxSeries } = this.options.metrics;
    const count = metricCatalog.guardForeignMetrics(maxSeries);
    sdkLog.info(
      RUNTIME_MESSAGES.foreignMetricsBounded(
        count,
        maxSeries,
        version,
        METRIC_NAMES.seriesOverflow,
      ),
    );
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorized(req, this.options.metrics.auth)) {
      challenge(res, this.options.metrics.auth);
      return;
    }
    try {
      const format = negotiateFormat(req.headers.accept);
      const body = await this.renders.render(format);
      res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPES[format] });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      sdkLog.error(RUNTIME_MESSAGES.metricsRenderFailed(String(error)));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(HTTP_MESSAGES.metricsRenderFailed());
    }
  }
}

/** The version of the prom-client the registry comes from. */
function promClientVersion(): string {
  try {
    const manifest: unknown = createRequire(__filename)('prom-client/package.json');
    if (typeof manifest !== 'object' || manifest === null || !('version' in manifest)) {
      return 'unknown';
    }
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
