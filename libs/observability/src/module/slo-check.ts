import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { ObservabilityConfigError } from '../errors/observability-config.error';
import { metricCatalog } from '../metrics/metric-catalog';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import type { OptionProblem } from '../errors/observability-config.error';
import type { MetricCatalog } from '../metrics/metric-catalog';
import { METRIC_NAMES } from '../naming/metric-names';
import { SLO_MESSAGES } from '../messages/option.messages';
import type { SloDefinition } from '../slo/slo.interface';

/**
 * At startup, adds each `@Timed` latency SLO's threshold to the buckets its histogram will be
 * created with, and stops startup when an SLO reads a histogram that is not declared or was
 * created without the bucket: such an SLI would silently read zero. Then creates every declared
 * metric, so `/metrics` lists them from the start.
 *
 * @internal
 */
@Injectable()
export class SloCheck implements OnModuleInit {
  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
  ) {}

  onModuleInit(): void {
    const problems = methodSloProblems(this.options.slos, metricCatalog);
    if (problems.length > 0) throw new ObservabilityConfigError(problems);
    // Every SLO has asked its buckets: the declared metrics are created now, with them.
    metricCatalog.seal();
  }
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
        ...SLO_MESSAGES.undeclaredHistogram(slo.target.className, slo.target.methodName, metric),
      });
    } else if (answer === 'too-late') {
      problems.push({
        option: `slos[${i}].thresholdSeconds`,
        value: threshold,
        ...SLO_MESSAGES.thresholdNotABucket(metric, catalog.bucketsOf(metric), threshold as number),
      });
    }
  });
  return problems;
}
