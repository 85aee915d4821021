import type {
  LabelValues,
  MetricObjectWithValues,
  MetricValueWithName,
  ObserveDataWithExemplar,
} from 'prom-client';
import { Histogram } from 'prom-client';
import { MESSAGES } from '../messages/messages';
import type { Exemplar } from './exemplar';
import type { FamilyDefinition, MetricSample, SdkFamily } from './metric-family.interface';
import type { LabelSet, OverflowListener } from './series-map';
import type { LabelArguments } from './series-store';
import { SeriesStore } from './series-store';

/**
 * One histogram series: a count per bucket (not cumulative; the last slot is `+Inf`), the sum, and
 * the latest exemplar of each bucket.
 *
 * @internal
 */
export class HistogramSeries {
  readonly counts: Float64Array;
  readonly exemplars: (Exemplar | undefined)[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: LabelSet,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
    this.exemplars = new Array<Exemplar | undefined>(bounds.length + 1).fill(undefined);
  }

  /** Records `value` in the first bucket whose upper bound is at least `value`. */
  observe(value: number, exemplar?: Exemplar): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
    if (exemplar !== undefined) this.exemplars[i] = exemplar;
  }

  /** Starts a timer; calling the returned function observes the seconds elapsed. */
  startTimer(): () => number {
    const started = performance.now();
    return () => {
      const seconds = (performance.now() - started) / 1000;
      this.observe(seconds);
      return seconds;
    };
  }

  /** Back to zero. */
  clear(): void {
    this.counts.fill(0);
    this.exemplars.fill(undefined);
    this.sum = 0;
    this.count = 0;
  }
}

/** Definition of a histogram family. `buckets` are sorted, finite, distinct upper bounds. @internal */
export interface HistogramDefinition extends FamilyDefinition {
  readonly buckets: readonly number[];
}

/** How a histogram definition is compared with another of the same name. @internal */
export const histogramShape = (d: HistogramDefinition): string =>
  `histogram(${d.labelNames.join(',')};${d.buckets.join(',')})`;

type Labels = LabelValues<string>;
type ObserveArgument = number | Labels | ObserveDataWithExemplar<string>;

/**
 * A Prometheus histogram whose series are bounded (see `SeriesMap`) and carry exemplars, storing
 * its series in the SDK's own handles, resolved once by their callers, so an observation is a
 * bucket search and three field updates. Its buckets are fixed when it is created.
 *
 * It implements prom-client's `Histogram` API (registered with `registerMetric`, read through
 * `get()`) without subclassing it: prom-client's registry renders a `Histogram` subclass from
 * `getForPromString()`, a method it does not document and that reads prom-client's own series,
 * while it renders any other metric from the public `get()`. The name, help text, type and
 * aggregator come from an unregistered prom-client histogram of the same definition, which also
 * validates it as prom-client does.
 *
 * @internal
 */
export class HistogramFamily implements Histogram<string>, SdkFamily<HistogramSeries> {
  readonly name: string;
  readonly shape: string;
  readonly buckets: readonly number[];
  private readonly description: Histogram<string>;
  private readonly store: SeriesStore<HistogramSeries>;

  constructor(definition: HistogramDefinition, onOverflow: OverflowListener) {
    this.description = new Histogram({
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labelNames],
      buckets: [...definition.buckets],
      registers: [],
    });
    this.name = definition.name;
    this.shape = histogramShape(definition);
    this.buckets = definition.buckets;
    const bounds = definition.buckets;
    this.store = new SeriesStore(
      definition,
      (labels) => new HistogramSeries(labels, bounds),
      onOverflow,
    );
  }

  resolve(values: readonly string[]): HistogramSeries {
    return this.store.resolve(values);
  }

  isOverflow(series: HistogramSeries): boolean {
    return this.store.isOverflow(series);
  }

  observe(first: ObserveArgument, value?: number): void {
    if (typeof first === 'number') this.store.resolve([]).observe(finite(first));
    else if ('value' in first && typeof first.value === 'number' && value === undefined) {
      const data = first as ObserveDataWithExemplar<string>;
      this.store.fromObject(data.labels ?? {}).observe(finite(data.value));
    } else this.store.fromObject(first as Labels).observe(finite(value ?? Number.NaN));
  }

  startTimer(labels?: Labels): (labels?: Labels) => number {
    return (
      labels === undefined ? this.store.resolve([]) : this.store.fromObject(labels)
    ).startTimer();
  }

  zero(labels: Labels): void {
    this.store.fromObject(labels);
  }

  labels(...args: LabelArguments): Histogram.Internal<string> {
    return this.store.fromArguments(args);
  }

  remove(): void {
    // Series are bounded and kept: a removed label set would come back on its next observation.
  }

  reset(): void {
    for (const series of this.store.all()) series.clear();
  }

  async get(): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    const described = await this.description.get();
    const bucketName = `${this.name}_bucket`;
    const values = this.store.samples((s, out: MetricSample[]) => {
      let cumulative = 0;
      for (let i = 0; i <= this.buckets.length; i++) {
        cumulative += s.counts[i] as number;
        const le = i < this.buckets.length ? String(this.buckets[i]) : '+Inf';
        const exemplar = s.exemplars[i];
        const labels = { ...s.labels, le };
        out.push(
          exemplar === undefined
            ? { labels, value: cumulative, metricName: bucketName }
            : { labels, value: cumulative, metricName: bucketName, exemplar },
        );
      }
      out.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      out.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
    });
    return { ...described, values };
  }
}

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new TypeError(MESSAGES.notANumber(value));
  return value;
}
