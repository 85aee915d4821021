import type { MetricFamily, MetricSample, MetricSnapshot } from './metric-family.interface';
import type { LabelSet, OverflowListener } from './series-map';
import { SeriesMap } from './series-map';

/** What every family definition gives. @internal */
export interface FamilyDefinition {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly maxSeries: number;
}

/**
 * What counter and histogram families share: a bounded map of series resolved once by their
 * callers, and the prom-client registry contract. Subclasses say how one series is sampled and
 * cleared.
 *
 * @internal
 */
export abstract class SeriesFamily<
  S extends { readonly labels: LabelSet },
> implements MetricFamily {
  abstract readonly type: MetricSnapshot['type'];
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  private readonly series: SeriesMap<S>;

  constructor(
    definition: FamilyDefinition,
    readonly shape: string,
    create: (labels: LabelSet) => S,
    onOverflow: OverflowListener,
  ) {
    this.name = definition.name;
    this.help = definition.help;
    this.labelNames = definition.labelNames;
    this.series = new SeriesMap(
      definition.name,
      definition.labelNames,
      definition.maxSeries,
      create,
      onOverflow,
    );
  }

  /** The series for `values`, given in `labelNames` order. */
  resolve(values: readonly string[]): S {
    return this.series.resolve(values);
  }

  /** Whether `series` is the overflow series of this family. */
  isOverflow(series: S): boolean {
    return this.series.isOverflow(series);
  }

  /** Every series, the overflow one last. */
  protected allSeries(): S[] {
    return this.series.all();
  }

  get(): Promise<MetricSnapshot> {
    const values: MetricSample[] = [];
    for (const s of this.series.all()) this.pushSamples(s, values);
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }

  reset(): void {
    for (const s of this.series.all()) this.clearSeries(s);
  }

  /** Appends the samples of one series. */
  protected abstract pushSamples(series: S, out: MetricSample[]): void;

  /** Sets one series back to zero. */
  protected abstract clearSeries(series: S): void;
}
