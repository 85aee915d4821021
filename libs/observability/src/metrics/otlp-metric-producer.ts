import type { Attributes, HrTime } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { hrTime, millisToHrTime } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import type {
  CollectionResult,
  DataPoint,
  Histogram,
  MetricData,
  MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import type { Registry } from 'prom-client';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';
import type {
  MetricSnapshotView as Snapshot,
  SampleLabels as Labels,
  SampleView,
} from './registry-snapshots';
import { registrySnapshots } from './registry-snapshots';

const SCOPE = { name: 'nestjs-observability' };

const seriesKey = (name: string, labels: Readonly<Record<string, unknown>>) =>
  `${name}|${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${String(labels[k])}`)
    .join('\u0001')}`;

/** Labels as prom-client types them (a value may be absent). */
const attributesOf = (labels: Labels): Attributes => ({
  ...labels,
});

/**
 * OpenTelemetry's public `MetricProducer` over the prom-client registry `/metrics` renders: what a
 * `PeriodicExportingMetricReader` pushes over OTLP is exactly what a Prometheus scrape reads, the
 * same names and labels, counters as cumulative monotonic sums, gauges, and histograms with their
 * buckets. A series' start time is the end of the previous collection in which it did not exist
 * (or went down: reset), so rates computed from OTLP agree with Prometheus's. Summaries have no
 * OTLP equivalent in the SDK and are left out (said once). Exemplars are not carried: the
 * SDK's metric data has no field for them.
 *
 * @internal
 */
export class PrometheusRegistryProducer implements MetricProducer {
  private readonly series = new Map<string, { start: HrTime; last: number }>();
  private previousEnd: HrTime = millisToHrTime(performance.timeOrigin);
  private readonly skipped = new Set<string>();

  constructor(private readonly registry: () => Registry) {}

  async collect(): Promise<CollectionResult> {
    const end = hrTime();
    const errors: unknown[] = [];
    const snapshots = await registrySnapshots(this.registry(), (error) => errors.push(error));
    const seen = new Set<string>();
    const metrics: MetricData[] = [];
    for (const snapshot of snapshots) {
      const data = this.metricData(snapshot, end, seen);
      if (data !== undefined) metrics.push(data);
      else if (!this.skipped.has(snapshot.name)) {
        this.skipped.add(snapshot.name);
        errors.push(new Error(RUNTIME_MESSAGES.notPushedOverOtlp(snapshot.type, snapshot.name)));
      }
    }
    for (const key of this.series.keys()) if (!seen.has(key)) this.series.delete(key);
    this.previousEnd = end;
    return {
      // The reader replaces the resource with its meter provider's.
      resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: SCOPE, metrics }] },
      errors,
    };
  }

  private metricData(s: Snapshot, end: HrTime, seen: Set<string>): MetricData | undefined {
    const descriptor = { name: s.name, description: s.help, unit: '', valueType: ValueType.DOUBLE };
    const values = s.values ?? [];
    const temporality = AggregationTemporality.CUMULATIVE;
    if (s.type === 'counter') {
      const dataPoints: DataPoint<number>[] = values.map((v) => ({
        startTime: this.startOf(seriesKey(s.name, v.labels), v.value, seen),
        endTime: end,
        attributes: attributesOf(v.labels),
        value: v.value,
      }));
      return {
        descriptor,
        dataPointType: DataPointType.SUM,
        aggregationTemporality: temporality,
        isMonotonic: true,
        dataPoints,
      };
    }
    if (s.type === 'gauge') {
      const dataPoints: DataPoint<number>[] = values.map((v) => ({
        startTime: this.previousEnd,
        endTime: end,
        attributes: attributesOf(v.labels),
        value: v.value,
      }));
      return {
        descriptor,
        dataPointType: DataPointType.GAUGE,
        aggregationTemporality: temporality,
        dataPoints,
      };
    }
    if (s.type === 'histogram') {
      return {
        descriptor,
        dataPointType: DataPointType.HISTOGRAM,
        aggregationTemporality: temporality,
        dataPoints: this.histogramPoints(s, values, end, seen),
      };
    }
    return undefined;
  }

  /** Prometheus buckets are cumulative (`le`); OTLP's counts are per bucket, plus the overflow one. */
  private histogramPoints(
    s: Snapshot,
    values: readonly SampleView[],
    end: HrTime,
    seen: Set<string>,
  ): DataPoint<Histogram>[] {
    const groups = new Map<
      string,
      {
        labels: Labels;
        buckets: [number, number][];
        sum: number;
        count: number;
      }
    >();
    for (const v of values) {
      const { le, ...labels } = v.labels;
      const key = seriesKey(s.name, labels);
      let group = groups.get(key);
      if (group === undefined) {
        group = { labels, buckets: [], sum: 0, count: 0 };
        groups.set(key, group);
      }
      const sample = v.metricName ?? s.name;
      if (sample.endsWith('_bucket')) {
        group.buckets.push([le === '+Inf' ? Infinity : Number(le), v.value]);
      } else if (sample.endsWith('_sum')) group.sum = v.value;
      else if (sample.endsWith('_count')) group.count = v.value;
    }
    return [...groups.values()].map((g) => {
      g.buckets.sort((a, b) => a[0] - b[0]);
      const finite = g.buckets.filter(([bound]) => bound !== Infinity);
      const counts: number[] = [];
      let below = 0;
      for (const [, cumulative] of finite) {
        counts.push(cumulative - below);
        below = cumulative;
      }
      counts.push(g.count - below);
      return {
        startTime: this.startOf(seriesKey(s.name, g.labels), g.count, seen),
        endTime: end,
        attributes: attributesOf(g.labels),
        value: {
          buckets: { boundaries: finite.map(([bound]) => bound), counts },
          sum: g.sum,
          count: g.count,
        },
      };
    });
  }

  /** Start of a cumulative series: the previous collection's end when it is new or went down. */
  private startOf(key: string, value: number, seen: Set<string>): HrTime {
    seen.add(key);
    const known = this.series.get(key);
    if (known === undefined || value < known.last) {
      this.series.set(key, { start: this.previousEnd, last: value });
      return this.previousEnd;
    }
    known.last = value;
    return known.start;
  }
}
