import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { GaugeFamily } from '../metrics/gauge-family';
import type { HistogramFamily } from '../metrics/histogram-family';
import { metricCatalog } from '../metrics/metric-catalog';

const CHECK_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * `health_check_status{check}` (1 up, 0 down) and `health_check_duration_seconds{check}` for
 * each readiness check that actually ran (results reused from the cache are not timed again).
 *
 * @internal
 */
export class HealthMetrics {
  private readonly status: GaugeFamily;
  private readonly duration: HistogramFamily;

  constructor(prefix: string) {
    this.status = metricCatalog.gauge({
      name: `${prefix}health_check_status`,
      help: 'Result of the last readiness check of each dependency: 1 up, 0 down.',
      labelNames: ['check'],
      maxSeries: 100,
    });
    this.duration = metricCatalog.histogram({
      name: `${prefix}health_check_duration_seconds`,
      help: 'Time a readiness check took, in seconds (reused results not counted).',
      labelNames: ['check'],
      buckets: CHECK_BUCKETS,
      maxSeries: 100,
    });
  }

  /** Records the result of the check `name`, which took `measuredMs` as seen by the probe. */
  record(name: string, result: HealthIndicatorResult, measuredMs: number): void {
    const detail = Object.values(result)[0] as
      { status?: string; responseTime?: unknown; cachedResponse?: unknown } | undefined;
    this.status.resolve([name]).value = detail?.status === 'up' ? 1 : 0;
    if (detail?.cachedResponse === true) return;
    const ms = typeof detail?.responseTime === 'number' ? detail.responseTime : measuredMs;
    this.duration.resolve([name]).observe(ms / 1000);
  }
}
