import type { OptionProblem } from '../errors/observability-config.error';
import { HistogramFamily } from '../metrics/histogram-family';
import type { MetricCatalog } from '../metrics/metric-catalog';
import { METRIC_NAMES } from '../metrics/metric-names';
import type { SloDefinition } from './slo.interface';

/**
 * The buckets of `http_request_duration_seconds`: the configured ones plus the threshold of every
 * HTTP latency SLO, sorted, so that each SLI reads an exact bucket (`le="0.2"`), never an
 * interpolation.
 *
 * @internal
 */
export function httpBucketsWithSlos(
  buckets: readonly number[],
  slos: readonly SloDefinition[],
): number[] {
  const thresholds = slos
    .filter((s) => s.type === 'latency' && s.target.kind === 'http')
    .map((s) => s.thresholdSeconds as number);
  return [...new Set([...buckets, ...thresholds])].sort((a, b) => a - b);
}

/**
 * Makes each SLO on a `@Timed` method readable: its histogram must exist, and a latency SLO's
 * threshold becomes one of its buckets. Decorator histograms are defined when the class is
 * declared, before the module's options are known: the bucket is added at startup while the
 * histogram is still empty, and a histogram that already holds observations is a problem.
 *
 * @internal
 */
export function methodSloProblems(
  slos: readonly SloDefinition[],
  catalog: MetricCatalog,
): OptionProblem[] {
  const problems: OptionProblem[] = [];
  slos.forEach((slo, i) => {
    if (slo.target.kind !== 'method') return;
    const metric = slo.target.metric ?? METRIC_NAMES.methodDuration;
    const family = catalog.all().find((f) => f.name === metric);
    if (!(family instanceof HistogramFamily)) {
      problems.push({
        option: `slos[${i}].target.metric`,
        value: metric,
        expected: 'the name of a @Timed histogram declared in the application',
        fix: `decorate ${slo.target.className}.${slo.target.methodName} with @Timed('${metric}'), or name the metric it uses.`,
      });
      return;
    }
    const threshold = slo.thresholdSeconds;
    if (slo.type === 'latency' && threshold !== undefined && !family.addBuckets([threshold])) {
      problems.push({
        option: `slos[${i}].thresholdSeconds`,
        value: threshold,
        expected: `one of the buckets of ${metric} (${family.buckets.join(', ')}), which already holds observations and cannot gain one`,
        fix: `add ${threshold} to the buckets of @Timed('${metric}', { buckets: [...] }), or use one of its buckets.`,
      });
    }
  });
  return problems;
}
