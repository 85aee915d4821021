import { Registry } from 'prom-client';
import { HistogramFamily } from './histogram-family';

describe('HistogramFamily rendered by prom-client itself', () => {
  const family = () =>
    new HistogramFamily(
      {
        name: 'job_duration_seconds',
        help: 'Jobs.',
        labelNames: ['queue'],
        buckets: [0.1, 1],
        maxSeries: 10,
      },
      () => undefined,
    );

  it('register.metrics() and getMetricsAsJSON() show the series recorded through the family', async () => {
    const registry = new Registry();
    const histogram = family();
    registry.registerMetric(histogram);
    histogram.observe({ queue: 'mail' }, 0.5);
    histogram.resolve(['mail']).observe(2);

    // Read through the public get(): not a prom-client Histogram subclass, which prom-client's
    // registry would render from its undocumented getForPromString().
    expect(histogram).not.toHaveProperty('getForPromString');
    const text = await registry.metrics();
    expect(text).toContain('job_duration_seconds_bucket{queue="mail",le="0.1"} 0');
    expect(text).toContain('job_duration_seconds_bucket{queue="mail",le="1"} 1');
    expect(text).toContain('job_duration_seconds_bucket{queue="mail",le="+Inf"} 2');
    expect(text).toContain('job_duration_seconds_sum{queue="mail"} 2.5');
    expect(text).toContain('job_duration_seconds_count{queue="mail"} 2');

    const [json] = await registry.getMetricsAsJSON();
    expect(json).toMatchObject({ name: 'job_duration_seconds', type: 'histogram' });
    expect(json?.values).toContainEqual(
      expect.objectContaining({ metricName: 'job_duration_seconds_count', value: 2 }),
    );
  });
});
