import type { OpenMetricsContentType } from 'prom-client';
import { Counter, Registry } from 'prom-client';
import { renderMetrics } from './exposition';
import { MetricCatalog } from './metric-catalog';

describe('renderMetrics', () => {
  const setup = () => {
    const registry = new Registry();
    const catalog = new MetricCatalog(registry);
    const family = catalog.histogram({
      name: 'job_seconds',
      help: 'Job time\nin "seconds" \\ wall clock.',
      labelNames: ['job'],
      buckets: [0.1, 1],
      maxSeries: 2,
    });
    const users = new Counter({
      name: 'user_events_total',
      help: 'A user metric.',
      labelNames: ['kind'],
      registers: [registry],
    });
    return { registry, catalog, family, users };
  };

  it('renders SDK families and users prom-client metrics in the Prometheus text format', async () => {
    const { registry, family, users } = setup();
    family.resolve(['a "quoted"\nname\\']).observe(0.1);
    family.resolve(['b']).observe(5);
    users.inc({ kind: 'click' });
    const text = await renderMetrics(registry, 'prometheus');
    expect(text).toBe(
      [
        '# HELP job_seconds Job time\\nin "seconds" \\\\ wall clock.',
        '# TYPE job_seconds histogram',
        'job_seconds_bucket{job="a \\"quoted\\"\\nname\\\\",le="0.1"} 1',
        'job_seconds_bucket{job="a \\"quoted\\"\\nname\\\\",le="1"} 1',
        'job_seconds_bucket{job="a \\"quoted\\"\\nname\\\\",le="+Inf"} 1',
        'job_seconds_sum{job="a \\"quoted\\"\\nname\\\\"} 0.1',
        'job_seconds_count{job="a \\"quoted\\"\\nname\\\\"} 1',
        'job_seconds_bucket{job="b",le="0.1"} 0',
        'job_seconds_bucket{job="b",le="1"} 0',
        'job_seconds_bucket{job="b",le="+Inf"} 1',
        'job_seconds_sum{job="b"} 5',
        'job_seconds_count{job="b"} 1',
        '# HELP user_events_total A user metric.',
        '# TYPE user_events_total counter',
        'user_events_total{kind="click"} 1',
        '',
      ].join('\n'),
    );
  });

  it('renders OpenMetrics: counter families without _total, samples with it, # EOF, and leaves names alone', async () => {
    const { registry, users } = setup();
    users.inc({ kind: 'click' });
    const om = await renderMetrics(registry, 'openmetrics');
    expect(om).toContain('# TYPE user_events counter\nuser_events_total{kind="click"} 1\n');
    expect(om).toContain('# HELP job_seconds Job time\\nin \\"seconds\\" \\\\ wall clock.');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(await renderMetrics(registry, 'prometheus')).toContain(
      '# TYPE user_events_total counter',
    );
  });

  it("keeps a counter that prom-client's own OpenMetrics render renamed in place", async () => {
    const { registry, users } = setup();
    users.inc({ kind: 'click' });
    const om = new Registry<OpenMetricsContentType>();
    om.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    om.registerMetric(users);
    await om.metrics(); // renames the shared user_events_total to user_events
    const text = await renderMetrics(registry, 'prometheus');
    expect(text).toContain('# TYPE user_events counter\nuser_events{kind="click"} 1\n');
  });

  it("renders the exemplars of users' prom-client metrics in OpenMetrics", async () => {
    const registry = new Registry();
    // prom-client refuses exemplars on a Prometheus registry at construction only.
    const jobs = new Counter<string>({
      name: 'jobs_total',
      help: 'Jobs.',
      labelNames: ['queue'],
      enableExemplars: true,
      registers: [],
    });
    registry.registerMetric(jobs);
    jobs.inc({ labels: { queue: 'a' }, value: 2, exemplarLabels: { run: 'r1' } });
    jobs.inc({ labels: { queue: 'b' } });
    const om = await renderMetrics(registry, 'openmetrics');
    expect(om).toMatch(/^jobs_total\{queue="a"\} 2 # \{run="r1"\} 2 \d+(\.\d+)?$/m);
    expect(om).toContain('jobs_total{queue="b"} 1\n');
  });

  it('folds label sets beyond the limit into one __overflow__ series and counts them', async () => {
    const { registry, family } = setup();
    for (const job of ['a', 'b', 'c', 'd']) family.resolve([job]).observe(0.5);
    const text = await renderMetrics(registry, 'prometheus');
    expect(text).toContain('job_seconds_count{job="__overflow__"} 2');
    expect(text).toContain('observability_series_overflow_total{metric="job_seconds"} 2');
  });

  it('puts a value equal to a bound in that bucket (le is inclusive)', async () => {
    const { registry, family } = setup();
    family.resolve(['edge']).observe(1);
    expect(await renderMetrics(registry, 'prometheus')).toContain(
      'job_seconds_bucket{job="edge",le="1"} 1',
    );
  });
});
