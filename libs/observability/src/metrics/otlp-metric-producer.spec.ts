import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { DataPoint, Histogram as OtlpHistogram, MetricData } from '@opentelemetry/sdk-metrics';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { PrometheusRegistryProducer } from './otlp-metric-producer';

async function collect(producer: PrometheusRegistryProducer) {
  const { resourceMetrics, errors } = await producer.collect();
  const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  const byName = (name: string) => metrics.find((m) => m.descriptor.name === name) as MetricData;
  return { metrics, errors, byName };
}

const pointsOf = (metric: MetricData) => metric.dataPoints as DataPoint<unknown>[];

describe('PrometheusRegistryProducer: the prom-client registry as OTLP metric data', () => {
  let registry: Registry;
  let producer: PrometheusRegistryProducer;

  beforeEach(() => {
    registry = new Registry();
    producer = new PrometheusRegistryProducer(() => registry);
  });

  it('gives a counter as a monotonic cumulative sum with the same labels and value', async () => {
    const counter = new Counter({
      name: 'jobs_total',
      help: 'Jobs.',
      labelNames: ['queue'],
      registers: [registry],
    });
    counter.inc({ queue: 'a' }, 3);
    counter.inc({ queue: 'b' });
    const { byName } = await collect(producer);
    const metric = byName('jobs_total');
    expect(metric).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: true });
    expect(metric.descriptor.description).toBe('Jobs.');
    expect(pointsOf(metric).map((p) => [p.attributes, p.value])).toEqual([
      [{ queue: 'a' }, 3],
      [{ queue: 'b' }, 1],
    ]);
  });

  it('gives a gauge as a gauge', async () => {
    new Gauge({ name: 'queue_depth', help: 'Depth.', registers: [registry] }).set(7);
    const { byName } = await collect(producer);
    expect(byName('queue_depth').dataPointType).toBe(DataPointType.GAUGE);
    expect(pointsOf(byName('queue_depth'))[0]?.value).toBe(7);
  });

  it('turns cumulative le buckets into per-bucket counts, the last one for +Inf', async () => {
    const histogram = new Histogram({
      name: 'work_seconds',
      help: 'Work.',
      buckets: [0.1, 1],
      registers: [registry],
    });
    for (const v of [0.05, 0.5, 0.7, 3]) histogram.observe(v);
    const { byName } = await collect(producer);
    const point = pointsOf(byName('work_seconds'))[0] as DataPoint<OtlpHistogram>;
    expect(point.value.buckets).toEqual({ boundaries: [0.1, 1], counts: [1, 2, 1] });
    expect(point.value.count).toBe(4);
    expect(point.value.sum).toBeCloseTo(4.25);
    expect(point.attributes).toEqual({});
  });

  it('keeps a series start time across collections, and starts it anew after a reset', async () => {
    const counter = new Counter({ name: 'resets_total', help: 'R.', registers: [registry] });
    counter.inc(5);
    const first = pointsOf((await collect(producer)).byName('resets_total'))[0]!;
    counter.inc();
    const second = pointsOf((await collect(producer)).byName('resets_total'))[0]!;
    expect(second.startTime).toEqual(first.startTime);
    expect(hrTimeToMilliseconds(second.endTime)).toBeGreaterThanOrEqual(
      hrTimeToMilliseconds(first.endTime),
    );
    counter.reset();
    counter.inc(2);
    const third = pointsOf((await collect(producer)).byName('resets_total'))[0]!;
    // A lower value is a restart of the series: its start moves to the previous collection's end.
    expect(third.startTime).toEqual(second.endTime);
    expect(third.value).toBe(2);
  });

  it('leaves summaries out, with one error naming the metric, once', async () => {
    new Summary({ name: 'latency_summary', help: 'S.', registers: [registry] }).observe(1);
    const first = await collect(producer);
    expect(first.metrics.map((m) => m.descriptor.name)).not.toContain('latency_summary');
    expect(first.errors.map(String).join('\n')).toContain('latency_summary');
    expect((await collect(producer)).errors).toHaveLength(0);
  });
});
