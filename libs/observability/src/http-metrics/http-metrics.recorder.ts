import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Context } from '@opentelemetry/api';
import { context } from '@opentelemetry/api';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import type { CounterFamily } from '../metrics/counter-family';
import { exemplarFor } from '../metrics/exemplar';
import type { GaugeFamily, GaugeSeries } from '../metrics/gauge-family';
import type { HistogramFamily } from '../metrics/histogram-family';
import { metricCatalog } from '../metrics/metric-catalog';
import { METRIC_HELP, METRIC_NAMES } from '../metrics/metric-names';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import { onResponseEnd } from '../server/response-end';
import { ServerRoutes } from '../server/server-routes';
import { httpBucketsWithSlos } from '../slo/slo-buckets';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { methodLabel } from './http-method';
import { pathOf, UNMATCHED_ROUTE } from './request-route';

/**
 * Records the HTTP golden signals of every request at the HTTP server itself, whatever the
 * adapter (Express or Fastify): `http_requests_total{method,route,status}`,
 * `http_request_duration_seconds{method,route,status}` and `http_requests_active{method}`.
 * A request is recorded when its response is finished, so the status is the one the client got
 * after guards, pipes, filters and exceptions; a connection closed first is recorded as `499`.
 * `route` is the matched template, or `unmatched`: raw paths never become labels.
 *
 * @internal
 */
@Injectable()
export class HttpMetricsRecorder implements OnModuleInit {
  private requests: CounterFamily | undefined;
  private durations: HistogramFamily | undefined;
  private active: GaugeFamily | undefined;
  private readonly activeByMethod = new Map<string, GaugeSeries>();
  private readonly excluded: ReadonlySet<string>;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(ServerRoutes) private readonly routes: ServerRoutes,
  ) {
    this.excluded = new Set(options.metrics.excludePaths);
  }

  onModuleInit(): void {
    if (!this.options.metrics.http) return;
    this.defineFamilies();
    this.routes.observe(this.onRequest);
  }

  private defineFamilies(): void {
    const { prefix, httpBuckets, maxSeries } = this.options.metrics;
    const labelNames = ['method', 'route', 'status'];
    this.requests = metricCatalog.counter({
      name: `${prefix}${METRIC_NAMES.httpRequests}`,
      help: METRIC_HELP.httpRequests,
      labelNames,
      maxSeries,
    });
    this.durations = metricCatalog.histogram({
      name: `${prefix}${METRIC_NAMES.httpDuration}`,
      help: METRIC_HELP.httpDuration,
      labelNames,
      buckets: httpBucketsWithSlos(httpBuckets, this.options.slos),
      maxSeries,
    });
    this.active = metricCatalog.gauge({
      name: `${prefix}${METRIC_NAMES.httpActive}`,
      help: METRIC_HELP.httpActive,
      labelNames: ['method'],
      maxSeries: 20,
    });
  }

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      if (this.requests === undefined || this.excluded.has(pathOf(req.url))) return;
      const method = methodLabel(req.method);
      const active = this.activeSeries(method);
      active.inc();
      const started = performance.now();
      const requestContext = context.active();
      onResponseEnd(res, (status) =>
        this.record(req, method, status, started, requestContext, active),
      );
    } catch (error) {
      reportInstrumentationFailure('HTTP metrics', 'record-count', error);
    }
  };

  private record(
    req: IncomingMessage,
    method: string,
    status: string,
    started: number,
    requestContext: Context,
    active: GaugeSeries,
  ): void {
    try {
      active.dec();
      const template = this.routes.routeOf(req, status);
      if (template !== undefined && this.excluded.has(template)) return;
      const labels = [method, template ?? UNMATCHED_ROUTE, status];
      const seconds = (performance.now() - started) / 1000;
      this.requests?.resolve(labels).inc(1, exemplarFor(requestContext, 1));
      this.durations?.resolve(labels).observe(seconds, exemplarFor(requestContext, seconds));
    } catch (error) {
      reportInstrumentationFailure('HTTP metrics', 'record-duration', error);
    }
  }

  private activeSeries(method: string): GaugeSeries {
    let series = this.activeByMethod.get(method);
    if (series === undefined) {
      series = (this.active as GaugeFamily).resolve([method]);
      this.activeByMethod.set(method, series);
    }
    return series;
  }
}
