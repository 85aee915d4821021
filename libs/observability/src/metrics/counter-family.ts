import type { Exemplar } from './exemplar';
import type { MetricFamily, MetricSample, MetricSnapshot } from './metric-family.interface';
import type { LabelSet, OverflowListener } from './series-map';
import { SeriesMap } from './series-map';

/**
 * One counter series. Incrementing it is a field update: the label set was resolved once.
 *
 * @internal
 */
export class CounterSeries {
  value = 0;
  exemplar: Exemplar | undefined = undefined;

  constructor(readonly labels: LabelSet) {}

  /** Adds `by` (default 1) and keeps `exemplar` as the series' latest exemplar when given. */
  inc(by = 1, exemplar?: Exemplar): void {
    this.value += by;
    if (exemplar !== undefined) this.exemplar = exemplar;
  }
}

/** Definition of a counter family. @internal */
export interface CounterDefinition {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly maxSeries: number;
}

/** How a counter definition is compared with another of the same name. @internal */
export const counterShape = (d: CounterDefinition): string => `counter(${d.labelNames.join(',')})`;

/**
 * A Prometheus counter family with bounded series (see `SeriesMap`).
 *
 * @internal
 */
export class CounterFamily implements MetricFamily {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly shape: string;
  private readonly series: SeriesMap<CounterSeries>;

  constructor(definition: CounterDefinition, onOverflow: OverflowListener) {
    this.name = definition.name;
    this.help = definition.help;
    this.labelNames = definition.labelNames;
    this.shape = counterShape(definition);
    this.series = new SeriesMap(
      definition.name,
      definition.labelNames,
      definition.maxSeries,
      (labels) => new CounterSeries(labels),
      onOverflow,
    );
  }

  /** The series for `values`, given in `labelNames` order. */
  resolve(values: readonly string[]): CounterSeries {
    return this.series.resolve(values);
  }

  /** Whether `series` is the overflow series of this family. */
  isOverflow(series: CounterSeries): boolean {
    return this.series.isOverflow(series);
  }

  get(): Promise<MetricSnapshot> {
    const values: MetricSample[] = this.series
      .all()
      .map((s) =>
        s.exemplar === undefined
          ? { labels: s.labels, value: s.value }
          : { labels: s.labels, value: s.value, exemplar: s.exemplar },
      );
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }

  reset(): void {
    for (const s of this.series.all()) {
      s.value = 0;
      s.exemplar = undefined;
    }
  }
}
