import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { ObservabilityConfigError } from '../errors/observability-config.error';
import { metricCatalog } from '../metrics/metric-catalog';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { methodSloProblems } from './slo-buckets';

/**
 * Adds each `@Timed` latency SLO's threshold to its histogram's buckets at startup, and stops
 * startup when an SLO reads a histogram that does not exist or can no longer gain the bucket:
 * such an SLI would silently read zero.
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
  }
}
