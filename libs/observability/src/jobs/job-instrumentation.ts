import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import type { JobMetrics } from './job-metrics';
import { JOB_METRICS, jobMetrics } from './job-metrics';

/**
 * Creates the job metrics from the module's options when it starts (the telemetry given to
 * BullMQ records spans only until then).
 *
 * @internal
 */
@Injectable()
export class JobInstrumentation implements OnModuleInit, OnModuleDestroy {
  private metrics: JobMetrics | undefined;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
  ) {}

  onModuleInit(): void {
    this.metrics = jobMetrics(this.options.metrics.prefix, this.options.metrics.maxSeries);
    JOB_METRICS.install(this.metrics);
  }

  onModuleDestroy(): void {
    JOB_METRICS.release(this.metrics);
  }
}
