import { Registry } from 'prom-client';
import { ObservabilityConfigError } from '../../errors/observability-config.error';
import { metricCatalog } from '../../metrics/metric-catalog';
import { DriftMonitor } from './drift-monitor';
import type { DriftMonitorOptions } from './drift-monitor-options.interface';

/** A reference of 1000 rows: x and y uniform on [0, 1), color red/green/blue, classes a/b. */
const COLORS = ['red', 'green', 'blue'];
const reference = Array.from({ length: 1000 }, (_, i) => ({
  x: (i + 0.5) / 1000,
  y: ((i * 7919) % 1000) / 1000,
  color: COLORS[i % 3],
}));
const classes = reference.map((_, i) => (i % 4 === 0 ? 'b' : 'a'));

/** Row `i` of an in-distribution stream (a different walk through the same grid). */
const live = (i: number) => ({
  x: ((i * 389) % 1000) / 1000 + 0.0005,
  y: ((i * 613) % 1000) / 1000,
  color: COLORS[(i * 5) % 3],
});

const options = (
  version: string,
  extra: Partial<DriftMonitorOptions> = {},
): DriftMonitorOptions => ({
  modelVersion: version,
  features: { x: 'numeric', y: 'numeric', color: 'categorical' },
  reference: { rows: reference, classes },
  window: { size: 500 },
  ...extra,
});

type Sample = { labels: Record<string, string>; value: number };

async function samples(name: string, version: string): Promise<Sample[]> {
  const metric = metricCatalog.currentRegistry.getSingleMetric(name);
  if (metric === undefined) return [];
  const { values } = await metric.get();
  return (values as Sample[]).filter((s) => s.labels.model_version === version);
}

async function value(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const found = (await samples(name, labels.model_version ?? '')).find((s) =>
    Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found?.value;
}

describe('DriftMonitor', () => {
  const previous = metricCatalog.currentRegistry;
  const monitors: DriftMonitor[] = [];
  const monitor = (o: DriftMonitorOptions) => {
    const m = new DriftMonitor(o);
    monitors.push(m);
    return m;
  };

  beforeAll(() => metricCatalog.useRegistry(new Registry()));
  afterEach(() => monitors.splice(0).forEach((m) => m.stop()));
  afterAll(() => metricCatalog.useRegistry(previous));

  it('exports no drift until the window holds minSamples values, then every method', async () => {
    const m = monitor(options('absent-1', { minSamples: 100 }));
    for (let i = 0; i < 99; i++) m.observe(live(i), 'a');
    const early = await m.refresh();
    expect(early.features.map((f) => f.drift)).toEqual([{}, {}, {}]);
    expect(await samples('model_feature_drift', 'absent-1')).toEqual([]);
    expect(await samples('model_prediction_drift', 'absent-1')).toEqual([]);
    expect(await samples('model_prediction_class_ratio', 'absent-1')).toEqual([]);

    m.observe(live(99), 'a');
    await m.refresh();
    const series = (await samples('model_feature_drift', 'absent-1')).map(
      (s) => `${s.labels.feature}/${s.labels.method}`,
    );
    expect(series.sort()).toEqual(
      ['color/js', 'color/psi', 'x/js', 'x/ks', 'x/psi', 'y/js', 'y/ks', 'y/psi'].sort(),
    );
    expect((await samples('model_prediction_drift', 'absent-1')).length).toBe(2);
  });

  it('stays under the watch threshold in distribution; a shifted feature crosses act, the others do not', async () => {
    const m = monitor(options('shift-1'));
    for (let i = 0; i < 500; i++) m.observe(live(i), i % 4 === 0 ? 'b' : 'a');
    const calm = await m.refresh();
    for (const f of calm.features) {
      expect(f.drift.psi).toBeLessThan(0.1);
      expect(f.drift.js).toBeLessThan(0.1);
    }
    expect(calm.prediction?.drift.psi).toBeLessThan(0.1);

    for (let i = 0; i < 1000; i++) m.observe({ ...live(i), x: 0.5 + live(i).x / 2 }, 'b');
    await m.refresh();
    const psi = (feature: string) =>
      value('model_feature_drift', { model_version: 'shift-1', feature, method: 'psi' });
    expect(await psi('x')).toBeGreaterThan(0.2);
    expect(await psi('y')).toBeLessThan(0.1);
    expect(await psi('color')).toBeLessThan(0.1);
    expect(
      await value('model_feature_drift', { model_version: 'shift-1', feature: 'x', method: 'ks' }),
    ).toBeCloseTo(0.5, 1);
    expect(
      await value('model_prediction_drift', { model_version: 'shift-1', method: 'psi' }),
    ).toBeGreaterThan(0.2);
    // The class mix: b was a quarter of the training labels, it is all of the recent window.
    const share = (cls: string, source: string) =>
      value('model_prediction_class_ratio', { model_version: 'shift-1', class: cls, source });
    expect(await share('b', 'training')).toBeCloseTo(0.25, 10);
    expect(await share('a', 'training')).toBeCloseTo(0.75, 10);
    expect(await share('b', 'window')).toBe(1);
    expect(await share('a', 'window')).toBe(0);
  });

  it('counts values outside the reference range and missing values by feature', async () => {
    const m = monitor(options('quality-1'));
    m.observe({ x: 1.5, y: -0.1, color: 'purple' });
    m.observe({ x: Number.NaN, color: '' });
    m.observe({ x: '0.3', y: null, color: 'red' });
    const counter = (name: string, feature: string) =>
      value(name, { model_version: 'quality-1', feature });
    expect(await counter('model_feature_out_of_range_total', 'x')).toBe(1);
    expect(await counter('model_feature_out_of_range_total', 'y')).toBe(1);
    expect(await counter('model_feature_out_of_range_total', 'color')).toBe(1);
    expect(await counter('model_feature_missing_total', 'x')).toBe(2);
    expect(await counter('model_feature_missing_total', 'y')).toBe(2);
    expect(await counter('model_feature_missing_total', 'color')).toBe(1);
  });

  it('keeps the window across refreshes: a refresh never empties it', async () => {
    const m = monitor(options('keep-1', { minSamples: 10 }));
    for (let i = 0; i < 50; i++) m.observe(live(i));
    const first = await m.refresh();
    const second = await m.refresh();
    expect(first.observations).toBe(50);
    expect(second.observations).toBe(50);
    expect(second.features[0]?.samples).toBe(50);
  });

  it('refreshes on its timer, at most once per interval', async () => {
    const m = monitor(options('timer-1', { refreshIntervalMs: 100, minSamples: 1 }));
    m.observe(live(1));
    expect(m.latest).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(m.latest?.observations).toBe(1);
    const at = m.latest?.computedAt.getTime() ?? 0;
    expect(Date.now() - at).toBeLessThan(150);
  });

  it('gives a second caller the running refresh', async () => {
    const m = monitor(options('coalesce-1'));
    expect(m.refresh()).toBe(m.refresh());
    await m.refresh();
  });

  it('yields the event loop during a long refresh', async () => {
    const features = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`f${i}`, 'numeric' as const]),
    );
    const rows = Array.from({ length: 200 }, (_, r) =>
      Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, (r * (i + 1)) % 997])),
    );
    const m = monitor({
      modelVersion: 'yield-1',
      features,
      reference: { rows },
      bins: 100,
      window: { size: 3000, slices: 30 },
      minSamples: 1,
    });
    for (const row of rows) m.observe(row);
    const gaps: number[] = [];
    let last = performance.now();
    let ticking = true;
    const tick = () => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const started = performance.now();
    await m.refresh();
    const elapsed = performance.now() - started;
    ticking = false;
    expect(m.latest?.features.length).toBe(1000);
    // The work was cut into turns: other callbacks ran in between, mostly after a short wait
    // (a busy machine may preempt the process in one of them: hence the quartile, not the max).
    expect(gaps.length).toBeGreaterThan(3);
    const sorted = [...gaps].sort((x, y) => x - y);
    expect(sorted[Math.floor(sorted.length * 0.75)]).toBeLessThan(elapsed / 3);
  });

  it('never throws from observe: a failing input is counted as an instrumentation failure', async () => {
    const m = monitor(options('throws-1'));
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(() => m.observe(hostile)).not.toThrow();
    const errors = await metricCatalog.currentRegistry
      .getSingleMetric('observability_instrumentation_errors_total')
      ?.get();
    expect(errors?.values.find((v) => v.labels.stage === 'drift-observe')?.value).toBe(1);
  });

  it('a second monitor of one model version replaces the first, which stops', async () => {
    const first = monitor(options('dup-1', { minSamples: 1 }));
    const second = monitor(options('dup-1', { minSamples: 1 }));
    first.observe(live(0), 'a');
    second.observe(live(1), 'a');
    second.observe(live(2), 'a');
    expect((await first.refresh()).observations).toBe(0);
    expect((await second.refresh()).observations).toBe(2);
    first.stop(); // stopping the replaced one again leaves the new one's series alone
    expect((await samples('model_feature_drift', 'dup-1')).length).toBe(8);
  });

  it('leaves its drift series out once stopped', async () => {
    const m = monitor(options('stop-1', { minSamples: 1 }));
    m.observe(live(0), 'a');
    await m.refresh();
    expect((await samples('model_feature_drift', 'stop-1')).length).toBeGreaterThan(0);
    m.stop();
    expect(await samples('model_feature_drift', 'stop-1')).toEqual([]);
  });

  it('lists every invalid option at once, naming each and its fix', () => {
    const bad = {
      modelVersion: '',
      features: { x: 'number', z: 'numeric' },
      reference: { rows: [{ x: 1 }], classes: ['a', 'b'] },
      window: { size: 5, slices: 10 },
      bins: 1,
      minSamples: 0,
      refreshIntervalMs: Number.NaN,
      colour: true,
    } as unknown as DriftMonitorOptions;
    let error: unknown;
    try {
      new DriftMonitor(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObservabilityConfigError);
    const problems = (error as ObservabilityConfigError).problems.map((p) => p.option);
    expect(problems).toEqual([
      'colour',
      'modelVersion',
      'features.x',
      'features.z',
      'reference.classes',
      'window.size',
      'bins',
      'minSamples',
      'refreshIntervalMs',
    ]);
    expect((error as Error).message).toMatch(/^DriftMonitor: 9 options are invalid/);
    expect((error as Error).message).toContain(
      'features.z = "numeric": expected at least one finite number',
    );
  });

  it('refuses a minSamples its count window does not always hold, saying what would', () => {
    // A window of 100 in 10 slices holds 90 to 99 once full: 100 samples never come together.
    let error: unknown;
    try {
      new DriftMonitor(options('held-1', { window: { size: 100 }, minSamples: 100 }));
    } catch (e) {
      error = e;
    }
    expect((error as ObservabilityConfigError).problems.map((p) => p.option)).toEqual([
      'minSamples',
    ]);
    expect((error as Error).message).toContain('minSamples = 100: expected at most 90');
    expect((error as Error).message).toContain('window: { size: 120 } always holds 100');
    // What the window always holds is accepted, and a time window cannot be checked ahead.
    monitor(options('held-2', { window: { size: 100 }, minSamples: 90 }));
    monitor(options('held-3', { window: { seconds: 60 }, minSamples: 100_000 }));
  });

  it('left out, minSamples is what a smaller window always holds: once full, its drift stays', async () => {
    const m = monitor(options('held-4', { window: { size: 50 } }));
    let refreshes = 0;
    for (let i = 0; i < 300; i++) {
      m.observe(live(i), 'a');
      if (i >= 50 && i % 7 === 0) {
        const report = await m.refresh();
        refreshes++;
        expect(report.features.map((f) => f.drift.psi === undefined)).toEqual([
          false,
          false,
          false,
        ]);
      }
    }
    expect(refreshes).toBeGreaterThan(30);
  });

  it.each([
    ['a window of both size and seconds', { window: { size: 10, seconds: 10 } }, 'window'],
    ['an empty reference', { reference: { rows: [] } }, 'reference.rows'],
    ['no features', { features: {} }, 'features'],
    ['infinite seconds', { window: { seconds: Infinity } }, 'window.seconds'],
  ])('refuses %s', (_, extra, option) => {
    expect(() => new DriftMonitor(options('bad-1', extra as Partial<DriftMonitorOptions>))).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ option })] }),
    );
  });
});
