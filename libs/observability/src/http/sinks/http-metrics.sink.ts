import type { CounterFamily } from '../../metrics/counter-family';
import { RECORD_STAGES } from '../../instrument/operation';
import { exemplarFor } from '../../metrics/exemplar';
import type { GaugeFamily, GaugeSeries } from '../../metrics/gauge-family';
import type { HistogramFamily } from '../../metrics/histogram-family';
import { metricCatalog } from '../../metrics/metric-catalog';
import { METRIC_HELP, METRIC_NAMES } from '../../naming/metric-names';
import type { HttpExchange, HttpOutcome, HttpSink } from '../http-exchange';
import { OTHER_METHOD } from '../http-method';
import { UNMATCHED_ROUTE } from '../route-template';

/** How the HTTP metrics are defined. @internal */
export interface HttpMetricsDefinition {
  readonly prefix: string;
  readonly buckets: readonly number[];
  readonly maxSeries: number;
}

/**
 * The HTTP golden signals: `http_requests_total{method,route,status}`,
 * `http_request_duration_seconds{method,route,status}` (with the request's trace as exemplar when
 * it is sampled) and `http_requests_active{method}`. `route` is the matched template, or
 * `unmatched`: raw paths never become labels.
 *
 * @internal
 */
export class HttpMetricsSink implements HttpSink {
  readonly stages = RECORD_STAGES;
  private readonly requests: CounterFamily;
  private readonly durations: HistogramFamily;
  private readonly active: GaugeFamily;
  private readonly activeByMethod = new Map<string, GaugeSeries>();

  constructor({ prefix, buckets, maxSeries }: HttpMetricsDefinition) {
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
      buckets,
      maxSeries,
    });
    this.active = metricCatalog.gauge({
      name: `${prefix}${METRIC_NAMES.httpActive}`,
      help: METRIC_HELP.httpActive,
      labelNames: ['method'],
      maxSeries: 20,
    });
  }

  start(exchange: HttpExchange): void {
    this.activeSeries(exchange.method).inc();
  }

  end(exchange: HttpExchange, { status, route, seconds }: HttpOutcome): void {
    this.activeSeries(exchange.method).dec();
    const labels = [exchange.method, route ?? UNMATCHED_ROUTE, status];
    this.requests.resolve(labels).inc(1, exemplarFor(exchange.context, 1));
    this.durations.resolve(labels).observe(seconds, exemplarFor(exchange.context, seconds));
  }

  /**
   * Counted in `http_requests_total` with `method="OTHER"` and `route="unmatched"` (neither was
   * read): no duration, since no handler ran.
   */
  rejected(status: string): void {
    this.requests.resolve([OTHER_METHOD, UNMATCHED_ROUTE, status]).inc();
  }

  private activeSeries(method: string): GaugeSeries {
    let series = this.activeByMethod.get(method);
    if (series === undefined) {
      series = this.active.resolve([method]);
      this.activeByMethod.set(method, series);
    }
    return series;
  }
}
