import { METRIC_NAMES } from '../naming/metric-names';
import type { SloDefinition } from './slo.interface';

/** The two sides of an SLI: rates of bad events and of all events over a window. @internal */
export interface SliQueries {
  /** Rate of bad events over `[window]`. */
  errors(window: string): string;
  /** Rate of all events over `[window]`. */
  total(window: string): string;
}

/**
 * A PromQL matcher for the bucket bound `seconds` that matches however a scraper printed it:
 * `le="1"` (prom-client) and `le="1.0"` (Prometheus 3 normalises integers) are the same bucket,
 * and an SLI matching only one of them reads zero.
 *
 * @internal
 */
export function leMatcher(seconds: number): string {
  const text = String(seconds);
  return Number.isInteger(seconds) ? `le=~"${text}(\\\\.0)?"` : `le="${text}"`;
}

function selector(matchers: readonly string[]): string {
  return matchers.length === 0 ? '' : `{${matchers.join(',')}}`;
}

/**
 * The SLI queries of `slo`, on the metrics the SDK records: HTTP SLOs on
 * `http_requests_total` / `http_request_duration_seconds` (5xx are bad; slower than the threshold
 * is bad), method SLOs on their `@Timed` histogram (outcome error is bad; slower is bad).
 * `prefix` is `metrics.prefix`.
 *
 * @internal
 */
export function sliQueries(slo: SloDefinition, prefix = ''): SliQueries {
  const rate = (metric: string, matchers: readonly string[], window: string) =>
    `sum(rate(${metric}${selector(matchers)}[${window}]))`;
  if (slo.target.kind === 'http') {
    const scope = slo.target.route === undefined ? [] : [`route="${slo.target.route}"`];
    if (slo.type === 'availability') {
      const requests = `${prefix}${METRIC_NAMES.httpRequests}`;
      return {
        errors: (w) => rate(requests, [...scope, 'status=~"5.."'], w),
        total: (w) => rate(requests, scope, w),
      };
    }
    const histogram = `${prefix}${METRIC_NAMES.httpDuration}`;
    const threshold = leMatcher(slo.thresholdSeconds as number);
    return {
      errors: (w) =>
        `(${rate(`${histogram}_count`, scope, w)} - ${rate(`${histogram}_bucket`, [...scope, threshold], w)})`,
      total: (w) => rate(`${histogram}_count`, scope, w),
    };
  }
  const histogram = slo.target.metric ?? METRIC_NAMES.methodDuration;
  const scope = [`class="${slo.target.className}"`, `method="${slo.target.methodName}"`];
  if (slo.type === 'availability') {
    return {
      errors: (w) => rate(`${histogram}_count`, [...scope, 'outcome="error"'], w),
      total: (w) => rate(`${histogram}_count`, scope, w),
    };
  }
  const threshold = leMatcher(slo.thresholdSeconds as number);
  return {
    errors: (w) =>
      `(${rate(`${histogram}_count`, scope, w)} - ${rate(`${histogram}_bucket`, [...scope, threshold], w)})`,
    total: (w) => rate(`${histogram}_count`, scope, w),
  };
}
