import type { OptionProblem } from '../errors/observability-config.error';
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
 * Makes each SLO on a `@Timed` method readable: its histogram must be declared, and a latency
 * SLO's threshold becomes one of its buckets. Decorator histograms are declared when their class
 * is, and created when the module starts (or when first recorded into): the threshold is added
 * before that, so buckets never change after creation. A histogram recorded into before the
 * module started already has its buckets: a threshold it lacks is a problem naming the fix.
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
    const threshold = slo.thresholdSeconds;
    const answer =
      slo.type === 'latency' && threshold !== undefined
        ? catalog.requireBucket(metric, threshold)
        : catalog.histogramDeclared(metric)
          ? 'present'
          : 'missing';
    if (answer === 'missing') {
      problems.push({
        option: `slos[${i}].target.metric`,
        value: metric,
        expected: 'the name of a @Timed histogram declared in the application',
        fix: `decorate ${slo.target.className}.${slo.target.methodName} with @Timed('${metric}'), or name the metric it uses.`,
      });
    } else if (answer === 'too-late') {
      problems.push({
        option: `slos[${i}].thresholdSeconds`,
        value: threshold,
        expected: `one of the buckets of ${metric} (${catalog.bucketsOf(metric).join(', ')}), which was recorded into before the module started and cannot gain one`,
        fix: `add ${threshold} to the buckets of @Timed('${metric}', { buckets: [...] }), or use one of its buckets.`,
      });
    }
  });
  return problems;
}
