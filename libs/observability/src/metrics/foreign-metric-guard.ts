import type { Metric as PromMetric, Registry } from 'prom-client';
import { Counter, Gauge, Histogram, Summary } from 'prom-client';
import { CounterFamily } from './counter-family';
import { GaugeFamily } from './gauge-family';
import { HistogramFamily } from './histogram-family';
import { OVERFLOW_LABEL_VALUE } from '../naming/metric-names';

/**
 * Methods of prom-client's metrics that name a label set, by metric class. A counter's and a
 * gauge's `labels()` go through `inc`, `set`, ... of the instance, so those are enough; a
 * histogram's and a summary's do not, so `labels()` is checked itself.
 */
const LABELLED_METHODS = {
  counter: ['inc', 'remove'],
  gauge: ['inc', 'dec', 'set', 'setToCurrentTime', 'startTimer', 'remove'],
  histogram: ['observe', 'startTimer', 'labels', 'zero', 'remove'],
  summary: ['observe', 'startTimer', 'labels', 'remove'],
} as const;

const GUARDED = Symbol('nestjs-observability.guarded');
/** The registries whose `registerMetric` is wrapped (once, whichever guard did it). */
const GUARDED_REGISTRIES = new WeakSet<Registry>();

type Method = (...args: unknown[]) => unknown;
/** A metric instance: its methods, and the configuration prom-client keeps on it (`name`, `labelNames`). */
type Metric = Record<string, unknown> & {
  [GUARDED]?: true;
  readonly name?: unknown;
  readonly labelNames?: unknown;
};

const isPlainLabels = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const objectKey = (labels: Record<string, unknown>): string =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0001${String(labels[k])}`)
    .join('\u0000');

/** Label values given in order (`labels('a', 'b')`), as the object form names them. */
function labelObject(metric: Metric, values: unknown[]): Record<string, unknown> {
  const names = Array.isArray(metric.labelNames) ? metric.labelNames.map(String) : [];
  const labels: Record<string, unknown> = {};
  values.forEach((value, i) => (labels[names[i] ?? String(i)] = value));
  return labels;
}

function kindOf(metric: object): keyof typeof LABELLED_METHODS | undefined {
  if (metric instanceof CounterFamily || metric instanceof GaugeFamily) return undefined;
  if (metric instanceof HistogramFamily) return undefined;
  if (metric instanceof Counter) return 'counter';
  if (metric instanceof Gauge) return 'gauge';
  if (metric instanceof Histogram) return 'histogram';
  if (metric instanceof Summary) return 'summary';
  return undefined;
}

/**
 * Bounds the series of the metrics other code registers with prom-client (`new Counter(...)`,
 * `@willsoto/nestjs-prometheus`'s providers): once a metric holds `maxSeries` label sets, every
 * new one is recorded under one overflow label set (each label `__overflow__`) and counted, so no
 * input can grow the registry without bound, whoever defined the metric.
 *
 * prom-client has no limit of its own; this is the SDK's adapter for it, one file: it replaces,
 * on each metric instance, the public methods that take a label set (`inc`, `observe`, `set`,
 * `labels`, ...) with one that checks the label set first and then calls the original. It reads
 * nothing of prom-client's internal state. The SDK's own families are bounded by construction and
 * left alone.
 *
 * @internal
 */
export class ForeignMetricGuard {
  private readonly seen = new WeakMap<object, Set<string>>();
  private guarded = 0;

  constructor(
    private readonly maxSeries: number,
    private readonly onOverflow: (metricName: string) => void,
  ) {}

  /** How many metrics this guard bounds. */
  get count(): number {
    return this.guarded;
  }

  /** Bounds every metric of `registry`, and every metric registered in it from now on. */
  guardRegistry(registry: Registry): void {
    for (const metric of registry.getMetricsAsArray()) this.guard(metric);
    if (GUARDED_REGISTRIES.has(registry)) return;
    GUARDED_REGISTRIES.add(registry);
    // prom-client has no hook for a new metric: its public `registerMetric` is wrapped on this
    // registry, with its own declared signature.
    const register = registry.registerMetric.bind(registry);
    registry.registerMetric = <T extends string>(metric: PromMetric<T>): void => {
      register(metric);
      // prom-client registers a metric from its base constructor, before the subclass sets its
      // own `inc`/`observe`: guard it once the construction is over.
      queueMicrotask(() => this.guard(metric));
    };
  }

  /** Bounds one metric (once). */
  guard(target: object): void {
    const kind = kindOf(target);
    const metric = target as Metric;
    if (kind === undefined || metric[GUARDED] === true) return;
    metric[GUARDED] = true;
    this.guarded++;
    for (const name of LABELLED_METHODS[kind]) {
      const original = metric[name];
      if (typeof original !== 'function') continue;
      const call = (original as Method).bind(metric);
      metric[name] =
        name === 'remove'
          ? (...args: unknown[]) => (this.forget(metric, args) ? call(...args) : undefined)
          : (...args: unknown[]) => call(...this.bounded(metric, name, args));
    }
  }

  /** The arguments of one call, with the label set replaced by the overflow one when needed. */
  private bounded(metric: Metric, method: string, args: unknown[]): unknown[] {
    const [first] = args;
    if (method === 'labels') {
      if (isPlainLabels(first)) return [this.admit(metric, first), ...args.slice(1)];
      return this.admitValues(metric, args);
    }
    if (!isPlainLabels(first)) return args;
    // `inc({ labels, value, exemplarLabels })`: the exemplar form.
    if (isPlainLabels(first.labels) && ('value' in first || 'exemplarLabels' in first)) {
      return [{ ...first, labels: this.admit(metric, first.labels) }, ...args.slice(1)];
    }
    return [this.admit(metric, first), ...args.slice(1)];
  }

  /** Frees the slot of a removed label set; says whether the metric has it (else nothing to remove). */
  private forget(metric: Metric, args: unknown[]): boolean {
    const [first] = args;
    const labels = isPlainLabels(first) ? first : labelObject(metric, args);
    return this.seen.get(metric)?.delete(objectKey(labels)) ?? false;
  }

  private admit(metric: Metric, labels: Record<string, unknown>): Record<string, unknown> {
    if (this.known(metric, objectKey(labels))) return labels;
    const overflow: Record<string, unknown> = {};
    for (const name of Object.keys(labels)) overflow[name] = OVERFLOW_LABEL_VALUE;
    return overflow;
  }

  private admitValues(metric: Metric, values: unknown[]): unknown[] {
    if (this.known(metric, objectKey(labelObject(metric, values)))) return values;
    return values.map(() => OVERFLOW_LABEL_VALUE);
  }

  /** Whether `key` is (or may become) one of the metric's series; counts an overflow otherwise. */
  private known(metric: Metric, key: string): boolean {
    let keys = this.seen.get(metric);
    if (keys === undefined) {
      keys = new Set();
      this.seen.set(metric, keys);
    }
    if (keys.has(key)) return true;
    if (keys.size < this.maxSeries) {
      keys.add(key);
      return true;
    }
    this.onOverflow(String(metric.name));
    return false;
  }
}
