import type { CounterFamily } from '../metrics/counter-family';
import type { GaugeFamily } from '../metrics/gauge-family';
import type { HistogramFamily } from '../metrics/histogram-family';
import { metricCatalog } from '../metrics/metric-catalog';
import { LONG_DURATION_BUCKETS, METRIC_HELP, METRIC_NAMES } from '../naming/metric-names';

/** The families of the scheduled tasks' metrics, created once. @internal */
export interface TaskMetrics {
  readonly duration: HistogramFamily;
  readonly lastSuccess: GaugeFamily;
  readonly period: GaugeFamily;
  readonly overlaps: CounterFamily;
  readonly lateStarts: CounterFamily;
}

/**
 * `scheduled_task_duration_seconds{task,outcome}`,
 * `scheduled_task_last_success_timestamp_seconds{task}`, `scheduled_task_period_seconds{task}`,
 * `scheduled_task_overlapping_runs_total{task}` and `scheduled_task_late_starts_total{task}`,
 * under `prefix`. `task` is the name given to the schedule decorator, or `Class.method`: a code
 * identifier.
 *
 * @internal
 */
export function taskMetrics(prefix: string, maxSeries: number): TaskMetrics {
  const task = ['task'];
  return {
    duration: metricCatalog.histogram({
      name: `${prefix}${METRIC_NAMES.taskDuration}`,
      help: METRIC_HELP.taskDuration,
      labelNames: ['task', 'outcome'],
      buckets: LONG_DURATION_BUCKETS,
      maxSeries,
    }),
    lastSuccess: metricCatalog.gauge({
      name: `${prefix}${METRIC_NAMES.taskLastSuccess}`,
      help: METRIC_HELP.taskLastSuccess,
      labelNames: task,
      maxSeries,
    }),
    period: metricCatalog.gauge({
      name: `${prefix}${METRIC_NAMES.taskPeriod}`,
      help: METRIC_HELP.taskPeriod,
      labelNames: task,
      maxSeries,
    }),
    overlaps: metricCatalog.counter({
      name: `${prefix}${METRIC_NAMES.taskOverlaps}`,
      help: METRIC_HELP.taskOverlaps,
      labelNames: task,
      maxSeries,
    }),
    lateStarts: metricCatalog.counter({
      name: `${prefix}${METRIC_NAMES.taskLateStarts}`,
      help: METRIC_HELP.taskLateStarts,
      labelNames: task,
      maxSeries,
    }),
  };
}
