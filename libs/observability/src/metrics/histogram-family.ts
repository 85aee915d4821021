import type {
  LabelValues,
  MetricObjectWithValues,
  MetricValue,
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
 * A Prometheus histogram whose series are bounded (see `SeriesMap`) and carry exemplars: a
 * prom-client `Histogram` storing its series in the SDK's own handles, resolved once by their
 * callers, so an observation is a bucket search and three field updates. Its buckets are fixed
 * when it is created.
 *
 * @internal
 */
/**
 * The `type` prom-client's histograms report: the string `'histogram'` at run time, though its
 * typings declare a numeric `MetricType` enum that does not exist at run time.
 */
const HISTOGRAM_TYPE = 'histogram' as unknown as MetricObjectWithValues<
  MetricValue<string>
>['type'];
/** The families compute nothing at render time. */
const NO_COLLECT = (): void => undefined;

export class HistogramFamily extends Histogram<string> implements SdkFamily<HistogramSeries> {
  /** Set by prom-client's constructor from the definition (not redefined here). */
  declare readonly name: string;
  private readonly helpText: string;
  readonly shape: string;
  readonly buckets: readonly number[];
  private readonly store: SeriesStore<HistogramSeries>;

  constructor(definition: HistogramDefinition, onOverflow: OverflowListener) {
    super({
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labelNames],
      buckets: [...definition.buckets],
      registers: [],
    });
    this.helpText = definition.help;
    this.shape = histogramShape(definition);
    this.buckets = definition.buckets;
    const bounds = definition.buckets;
    this.store = new SeriesStore(
      definition,
      (labels) => new HistogramSeries(labels, bounds),
      onOverflow,
    );
    // prom-client sets `observe` on the instance in its constructor; the bounded one replaces it.
    this.observe = (first: ObserveArgument, value?: number) => this.record(first, value);
  }

  resolve(values: readonly string[]): HistogramSeries {
    return this.store.resolve(values);
  }

  isOverflow(series: HistogramSeries): boolean {
    return this.store.isOverflow(series);
  }

  override startTimer(labels?: Labels): (labels?: Labels) => number {
    return (
      labels === undefined ? this.store.resolve([]) : this.store.fromObject(labels)
    ).startTimer();
  }

  override zero(labels: Labels): void {
    this.store.fromObject(labels);
  }

  override labels(...args: LabelArguments): Histogram.Internal<string> {
    return this.store.fromArguments(args);
  }

  override remove(): void {
    // Series are bounded and kept: a removed label set would come back on its next observation.
  }

  override reset(): void {
    super.reset();
    // Called by prom-client's constructor too, before the store exists.
    for (const series of this.store?.all() ?? []) series.clear();
  }

  /**
   * What prom-client's registry renders a histogram from: `register.metrics()` calls this method
   * when a histogram has it, not `get()`, so it must return the family's series too (an
   * application rendering the registry itself, `metrics.path: false`, gets them).
   */
  async getForPromString(): Promise<MetricObjectWithValues<MetricValue<string>>> {
    return this.get();
  }

  override get(): Promise<MetricObjectWithValues<MetricValue<string>>> {
    // prom-client's get() reads its own (unused) series through getForPromString(): not called.
    const base = {
      name: this.name,
      help: this.helpText,
      type: HISTOGRAM_TYPE,
      aggregator: 'sum' as const,
      collect: NO_COLLECT,
    };
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
    return Promise.resolve({ ...base, values });
  }

  private record(first: ObserveArgument, value: number | undefined): void {
    if (typeof first === 'number') this.store.resolve([]).observe(finite(first));
    else if ('value' in first && typeof first.value === 'number' && value === undefined) {
      const data = first as ObserveDataWithExemplar<string>;
      this.store.fromObject(data.labels ?? {}).observe(finite(data.value));
    } else this.store.fromObject(first as Labels).observe(finite(value ?? Number.NaN));
  }
}

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new TypeError(MESSAGES.notANumber(value));
  return value;
}
