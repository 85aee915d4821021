import type { Exemplar } from './exemplar';
import type { MetricSample } from './metric-family.interface';
import type { LabelSet, OverflowListener } from './series-map';
import type { FamilyDefinition } from './series-family';
import { SeriesFamily } from './series-family';

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
export type CounterDefinition = FamilyDefinition;

/** How a counter definition is compared with another of the same name. @internal */
export const counterShape = (d: CounterDefinition): string => `counter(${d.labelNames.join(',')})`;

/**
 * A Prometheus counter family with bounded series (see `SeriesMap`).
 *
 * @internal
 */
export class CounterFamily extends SeriesFamily<CounterSeries> {
  readonly type = 'counter';

  constructor(definition: CounterDefinition, onOverflow: OverflowListener) {
    super(definition, counterShape(definition), (labels) => new CounterSeries(labels), onOverflow);
  }

  protected pushSamples(s: CounterSeries, out: MetricSample[]): void {
    out.push(
      s.exemplar === undefined
        ? { labels: s.labels, value: s.value }
        : { labels: s.labels, value: s.value, exemplar: s.exemplar },
    );
  }

  protected clearSeries(s: CounterSeries): void {
    s.value = 0;
    s.exemplar = undefined;
  }
}
