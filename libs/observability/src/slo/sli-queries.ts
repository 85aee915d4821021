import { METRIC_NAMES } from '../naming/metric-names';
import { modelSliQueries } from './model-slos';
import type { SloTarget } from './slo.interface';
import { promString } from './rule-options';
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

/** Where an SLI reads: the service's `job` and its `metrics.prefix`. @internal */
export interface SliScope {
  readonly job: string;
  readonly prefix: string;
}

/**
 * The SLI queries of `slo`, on the metrics the SDK records, selecting the series of `scope.job`
 * only (so services sharing a Prometheus never count each other's events): HTTP SLOs on
 * `http_requests_total` / `http_request_duration_seconds` (5xx are bad; slower than the threshold
 * is bad), method SLOs on their `@Timed` histogram (outcome error is bad; slower is bad), model
 * SLOs on the feedback and drift series (see `modelSliQueries`).
 *
 * A service that never failed has no 5xx (or `outcome="error"`) series at all: the bad-event rate
 * is then 0 wherever there is traffic, not an empty result that would leave the SLI, its budget
 * and its panels without data.
 *
 * @internal
 */
export function sliQueries(slo: SloDefinition, scope: SliScope): SliQueries {
  const job = `job=${promString(scope.job)}`;
  const rate = (metric: string, matchers: readonly string[], window: string) =>
    `sum(rate(${metric}${selector([job, ...matchers])}[${window}]))`;
  /** Bad events that may have no series yet: 0 while the good ones have traffic. */
  const failures = (metric: string, scoped: readonly string[], bad: string, w: string) =>
    `(${rate(metric, [...scoped, bad], w)} or 0 * ${rate(metric, scoped, w)})`;
  const slower = (histogram: string, scoped: readonly string[], w: string) =>
    `(${rate(`${histogram}_count`, scoped, w)} - ${rate(`${histogram}_bucket`, [...scoped, leMatcher(slo.thresholdSeconds as number)], w)})`;
  if (slo.target.kind === 'model') return modelSliQueries(slo, scope);
  if (slo.target.kind === 'http') {
    const scoped = slo.target.route === undefined ? [] : [`route=${promString(slo.target.route)}`];
    if (slo.type === 'availability') {
      const requests = `${scope.prefix}${METRIC_NAMES.httpRequests}`;
      return {
        errors: (w) => failures(requests, scoped, 'status=~"5.."', w),
        total: (w) => rate(requests, scoped, w),
      };
    }
    const histogram = `${scope.prefix}${METRIC_NAMES.httpDuration}`;
    return {
      errors: (w) => slower(histogram, scoped, w),
      total: (w) => rate(`${histogram}_count`, scoped, w),
    };
  }
  const { histogram, scoped, bad, counted, latency } = outcomeSli(slo.target, scope.prefix);
  if (slo.type === 'availability') {
    return {
      errors: (w) => failures(`${histogram}_count`, [...scoped, ...counted], bad, w),
      total: (w) => rate(`${histogram}_count`, [...scoped, ...counted], w),
    };
  }
  return {
    errors: (w) => slower(latency.histogram, latency.scoped, w),
    total: (w) => rate(`${latency.histogram}_count`, latency.scoped, w),
  };
}

/** Where a non-HTTP SLI reads: its histogram, its series, what is bad, what counts at all. */
interface OutcomeSli {
  readonly histogram: string;
  readonly scoped: readonly string[];
  readonly bad: string;
  readonly counted: readonly string[];
  readonly latency: { readonly histogram: string; readonly scoped: readonly string[] };
}

/** An SLI on one histogram with an `outcome` label: `error` is bad, latency on the same one. */
function onOutcomes(histogram: string, scoped: readonly string[]): OutcomeSli {
  return { histogram, scoped, bad: 'outcome="error"', counted: [], latency: { histogram, scoped } };
}

function outcomeSli(
  target: Exclude<SloTarget, { kind: 'http' } | { kind: 'model' }>,
  prefix: string,
): OutcomeSli {
  const only = (label: string, value: string | undefined) =>
    value === undefined ? [] : [`${label}=${promString(value)}`];
  switch (target.kind) {
    case 'method':
      return onOutcomes(target.metric ?? METRIC_NAMES.methodDuration, [
        `class=${promString(target.className)}`,
        `method=${promString(target.methodName)}`,
      ]);
    case 'rpc':
      return onOutcomes(`${prefix}${METRIC_NAMES.rpcServerDuration}`, [
        ...only('rpc_system', target.system),
        ...only('rpc_method', target.method),
      ]);
    case 'task':
      return onOutcomes(`${prefix}${METRIC_NAMES.taskDuration}`, only('task', target.task));
    case 'queue': {
      const scoped = [
        ...only('messaging_system', target.system),
        ...only('messaging_destination_name', target.destination),
      ];
      return {
        histogram: `${prefix}${METRIC_NAMES.messagingProcessDuration}`,
        scoped,
        bad: 'outcome=~"error|failed"',
        // An attempt that will be retried is not the work's outcome yet.
        counted: ['outcome!="retried"'],
        latency: { histogram: `${prefix}${METRIC_NAMES.queueWait}`, scoped },
      };
    }
  }
}
