import type { Exemplar } from './exemplar';
import type { LabelSet } from './series-map';

/**
 * One sample of a metric family, in the shape prom-client's registry reads from a metric's
 * `get()`, so the SDK's families render beside users' own prom-client metrics.
 *
 * @internal
 */
export interface MetricSample {
  readonly labels: LabelSet;
  readonly value: number;
  /** Full sample name when it differs from the family name (`_bucket`, `_sum`, `_count`). */
  readonly metricName?: string;
  /** prom-client sets `null` when a sample has none. */
  readonly exemplar?: Exemplar | null;
}

/** What every family definition gives. @internal */
export interface FamilyDefinition {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly maxSeries: number;
}

/**
 * What the catalog needs of every SDK family beside prom-client's metric API: the shape two
 * definitions of one name must share, and the series handles callers resolve once.
 *
 * @internal
 */
export interface SdkFamily<S> {
  readonly name: string;
  /** Identifies the definition: two definitions with the same name must have the same shape. */
  readonly shape: string;
  /** The series for `values`, given in label-name order. */
  resolve(values: readonly string[]): S;
  /** Whether `series` is the family's overflow series. */
  isOverflow(series: S): boolean;
}
