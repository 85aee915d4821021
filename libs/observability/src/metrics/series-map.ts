import { OVERFLOW_LABEL_VALUE } from '../naming/metric-names';

/** Label names to values of one series. @internal */
export type LabelSet = Readonly<Record<string, string>>;

/** Called once per observation folded into the overflow series. @internal */
export type OverflowListener = (metricName: string) => void;

/**
 * The series of one metric family, keyed by their label values, with a hard limit: once
 * `maxSeries` distinct label sets exist, every new one resolves to a single overflow series whose
 * labels are all `__overflow__`, and `onOverflow` is told. Memory is bounded by construction.
 *
 * Callers resolve a series once and keep the handle; the per-observation path never hashes labels.
 *
 * @internal
 */
export class SeriesMap<S> {
  private readonly byKey = new Map<string, S>();
  private overflowSeries: S | undefined;

  constructor(
    private readonly metricName: string,
    private readonly labelNames: readonly string[],
    private readonly maxSeries: number,
    private readonly create: (labels: LabelSet) => S,
    private readonly onOverflow: OverflowListener,
  ) {}

  /** The series for `values` (in `labelNames` order), created on first use. */
  resolve(values: readonly string[]): S {
    const key = values.join('\u0000');
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    if (this.byKey.size >= this.maxSeries) {
      this.onOverflow(this.metricName);
      return this.overflow();
    }
    const labels: Record<string, string> = {};
    this.labelNames.forEach((name, i) => (labels[name] = values[i] ?? ''));
    const series = this.create(labels);
    this.byKey.set(key, series);
    return series;
  }

  /** Whether `series` is the overflow series, whose observations are counted as overflow. */
  isOverflow(series: S): boolean {
    return series === this.overflowSeries;
  }

  /** Every series, the overflow one last. */
  all(): S[] {
    const list = [...this.byKey.values()];
    if (this.overflowSeries !== undefined) list.push(this.overflowSeries);
    return list;
  }

  /** How many distinct label sets exist, not counting the overflow series. */
  get size(): number {
    return this.byKey.size;
  }

  private overflow(): S {
    if (this.overflowSeries === undefined) {
      const labels: Record<string, string> = {};
      for (const name of this.labelNames) labels[name] = OVERFLOW_LABEL_VALUE;
      this.overflowSeries = this.create(labels);
    }
    return this.overflowSeries;
  }
}
