import type { Exemplar } from './exemplar';
import type { MetricSample } from './metric-family.interface';
import type { LabelSet, OverflowListener } from './series-map';
import type { FamilyDefinition } from './series-family';
import { SeriesFamily } from './series-family';

/**
 * One histogram series: a count per bucket (not cumulative; the last slot is `+Inf`), the sum, and
 * the latest exemplar of each bucket.
 *
 * @internal
 */
export class HistogramSeries {
  counts: Float64Array;
  exemplars: (Exemplar | undefined)[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: LabelSet,
    private bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
    this.exemplars = new Array<Exemplar | undefined>(bounds.length + 1).fill(undefined);
  }

  /** Switches to other bounds; only an empty series can (its counts would not fit them). */
  rebucket(bounds: readonly number[]): void {
    if (this.count > 0)
      throw new Error('cannot change the buckets of a series that has observations');
    this.bounds = bounds;
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

/**
 * A Prometheus histogram family with bounded series (see `SeriesMap`).
 *
 * @internal
 */
export class HistogramFamily extends SeriesFamily<HistogramSeries> {
  readonly type = 'histogram';
  private readonly bounds: { current: readonly number[] };

  constructor(definition: HistogramDefinition, onOverflow: OverflowListener) {
    const bounds = { current: definition.buckets };
    super(
      definition,
      histogramShape(definition),
      (labels) => new HistogramSeries(labels, bounds.current),
      onOverflow,
    );
    this.bounds = bounds;
  }

  /** The bucket upper bounds, sorted. */
  get buckets(): readonly number[] {
    return this.bounds.current;
  }

  /**
   * Adds bucket bounds (an SLO threshold) before anything was observed. Returns false, changing
   * nothing, once a series holds observations: they could not be split across the new bounds.
   * The family keeps the shape it was declared with, so re-declarations still match.
   */
  addBuckets(extra: readonly number[]): boolean {
    const merged = [...new Set([...this.buckets, ...extra])].sort((a, b) => a - b);
    if (merged.length === this.buckets.length) return true;
    const series = this.allSeries();
    if (series.some((s) => s.count > 0)) return false;
    this.bounds.current = merged;
    for (const s of series) s.rebucket(merged);
    return true;
  }

  protected clearSeries(s: HistogramSeries): void {
    s.clear();
  }

  protected pushSamples(s: HistogramSeries, out: MetricSample[]): void {
    const bucketName = `${this.name}_bucket`;
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
  }
}
