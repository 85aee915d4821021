import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { ObservabilityConfigError } from '../errors/observability-config.error';
import { metricCatalog } from '../metrics/metric-catalog';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { methodSloProblems } from './slo-buckets';

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
