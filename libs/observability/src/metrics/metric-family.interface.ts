import type { Exemplar } from './exemplar';
import type { LabelSet } from './series-map';

/**
 * One sample of a metric family, in the shape prom-client's `Registry` reads from `get()`, so the
 * SDK's families sit in the same registry as users' own prom-client metrics.
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

/** A family's snapshot, as prom-client's `Metric.get()` returns it. @internal */
export interface MetricSnapshot {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram' | 'gauge';
  readonly values: MetricSample[];
  readonly aggregator: 'sum';
}

/**
 * What every SDK metric family offers: prom-client's registry contract (`name`, `help`, `type`,
 * `get`, `reset`) plus what the catalog needs to detect conflicting definitions.
 *
 * @internal
 */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricSnapshot['type'];
  readonly labelNames: readonly string[];
  readonly aggregator: 'sum';
  /** Identifies the definition: two definitions with the same name must have the same shape. */
  readonly shape: string;
  get(): Promise<MetricSnapshot>;
  /** Sets every series back to zero, keeping the series (handles held by callers stay valid). */
  reset(): void;
}
