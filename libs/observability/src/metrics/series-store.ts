import { MESSAGES } from '../messages/messages';
import type { FamilyDefinition, MetricSample } from './metric-family.interface';
import type { LabelSet, OverflowListener } from './series-map';
import { SeriesMap } from './series-map';

/** A label set as prom-client's metric API takes it: an object, or values in label-name order. @internal */
export type LabelArguments = readonly unknown[];

/**
 * The bounded series of one family (see `SeriesMap`), and the translation of prom-client's
 * label arguments (`{ route: '/x' }` or `'/x'`) into series: what every SDK family shares.
 *
 * @internal
 */
export class SeriesStore<S extends { readonly labels: LabelSet }> {
  private readonly map: SeriesMap<S>;

  constructor(
    private readonly definition: FamilyDefinition,
    create: (labels: LabelSet) => S,
    onOverflow: OverflowListener,
  ) {
    this.map = new SeriesMap(
      definition.name,
      definition.labelNames,
      definition.maxSeries,
      create,
      onOverflow,
    );
  }

  resolve(values: readonly string[]): S {
    return this.map.resolve(values);
  }

  isOverflow(series: S): boolean {
    return this.map.isOverflow(series);
  }

  /** Every series, the overflow one last. */
  all(): S[] {
    return this.map.all();
  }

  /** The series a label object names (prom-client's `inc({ route })` form). */
  fromObject(labels: Readonly<Partial<Record<string, string | number>>>): S {
    const names = this.definition.labelNames;
    for (const key of Object.keys(labels)) {
      if (!names.includes(key)) {
        throw new Error(MESSAGES.unknownLabel(key, this.definition.name, names));
      }
    }
    return this.resolve(names.map((name) => String(labels[name] ?? '')));
  }

  /** The series `labels(...)` names: values in order, or one label object. */
  fromArguments(args: LabelArguments): S {
    const [first] = args;
    if (args.length === 1 && typeof first === 'object' && first !== null) {
      return this.fromObject(first as Partial<Record<string, string | number>>);
    }
    const names = this.definition.labelNames;
    if (args.length !== names.length) {
      throw new Error(MESSAGES.labelValueCount(this.definition.name, names, args.length));
    }
    return this.resolve(args.map(String));
  }

  /** Samples of every series, by `sample`. */
  samples(sample: (series: S, out: MetricSample[]) => void): MetricSample[] {
    const out: MetricSample[] = [];
    for (const series of this.map.all()) sample(series, out);
    return out;
  }
}
