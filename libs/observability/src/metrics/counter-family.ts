import type {
  IncreaseDataWithExemplar,
  LabelValues,
  MetricObjectWithValues,
  MetricValue,
} from 'prom-client';
import { Counter } from 'prom-client';
import { MESSAGES } from '../messages/messages';
import type { Exemplar } from './exemplar';
import type { FamilyDefinition, SdkFamily } from './metric-family.interface';
import type { LabelSet, OverflowListener } from './series-map';
import type { LabelArguments } from './series-store';
import { SeriesStore } from './series-store';

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

  /** Back to zero. */
  clear(): void {
    this.value = 0;
    this.exemplar = undefined;
  }
}

/** Definition of a counter family. @internal */
export type CounterDefinition = FamilyDefinition;

/** How a counter definition is compared with another of the same name. @internal */
export const counterShape = (d: CounterDefinition): string => `counter(${d.labelNames.join(',')})`;

type IncArgument = LabelValues<string> | number | IncreaseDataWithExemplar<string> | undefined;

/**
 * A Prometheus counter whose series are bounded (see `SeriesMap`) and carry exemplars: a
 * prom-client `Counter` (its whole API, registered in its registries as any other), storing its
 * series in the SDK's own handles, which callers resolve once so that an increment is a field
 * update rather than a hash of the labels.
 *
 * @internal
 */
export class CounterFamily extends Counter<string> implements SdkFamily<CounterSeries> {
  /** Set by prom-client's constructor from the definition (not redefined here). */
  declare readonly name: string;
  readonly shape: string;
  private readonly store: SeriesStore<CounterSeries>;

  constructor(definition: CounterDefinition, onOverflow: OverflowListener) {
    super({
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labelNames],
      registers: [],
    });
    this.shape = counterShape(definition);
    this.store = new SeriesStore(definition, (labels) => new CounterSeries(labels), onOverflow);
    // prom-client sets `inc` on the instance in its constructor; the bounded one replaces it.
    this.inc = (first?: IncArgument, value?: number) => this.increment(first, value);
  }

  resolve(values: readonly string[]): CounterSeries {
    return this.store.resolve(values);
  }

  isOverflow(series: CounterSeries): boolean {
    return this.store.isOverflow(series);
  }

  override labels(...args: LabelArguments): Counter.Internal {
    return this.store.fromArguments(args);
  }

  override remove(): void {
    // Series are bounded and kept: a removed label set would come back on its next increment.
  }

  override reset(): void {
    super.reset();
    // Called by prom-client's constructor too, before the store exists.
    for (const series of this.store?.all() ?? []) series.clear();
  }

  override async get(): Promise<MetricObjectWithValues<MetricValue<string>>> {
    const base = await super.get();
    const values = this.store.samples((s, out) =>
      out.push(
        s.exemplar === undefined
          ? { labels: s.labels, value: s.value }
          : { labels: s.labels, value: s.value, exemplar: s.exemplar },
      ),
    );
    return { ...base, values };
  }

  private increment(first: IncArgument, value: number | undefined): void {
    if (first === undefined || typeof first === 'number') {
      this.store.resolve([]).inc(checked(first ?? 1));
    } else if ('value' in first || 'exemplarLabels' in first || 'labels' in first) {
      const data = first as IncreaseDataWithExemplar<string>;
      this.store.fromObject(data.labels ?? {}).inc(checked(data.value ?? 1));
    } else {
      this.store.fromObject(first as LabelValues<string>).inc(checked(value ?? 1));
    }
  }
}

function checked(value: number): number {
  if (!Number.isFinite(value)) throw new TypeError(MESSAGES.notANumber(value));
  if (value < 0) throw new Error(MESSAGES.counterDecrease());
  return value;
}
