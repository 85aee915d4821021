import type { SpanKind } from '@opentelemetry/api';
import type { InstrumentedCall, PrimitiveAttribute } from '../instrument/call';

/**
 * A label's value: fixed, or computed from the call. A computed value is turned into a string and
 * cut to 128 characters; the distinct label sets of a metric are capped by `maxSeries`.
 *
 * @publicApi
 */
export type LabelValue =
  string | ((call: InstrumentedCall) => string | number | boolean | undefined);

/**
 * Options shared by `@Timed` and `@Counted`.
 *
 * @publicApi
 */
export interface MetricDecoratorOptions {
  /**
   * Help text of the metric (the first definition of a metric name sets it).
   * @default a sentence describing the default metric
   */
  help?: string;
  /**
   * Extra labels, fixed or computed from the call. Requires a metric name of your own: the default
   * metrics keep a fixed label set (`class`, `method`, `outcome`).
   * @default {}
   */
  labels?: Readonly<Record<string, LabelValue>>;
  /**
   * Most distinct label sets the metric may hold; observations beyond go to one `__overflow__`
   * series and are counted in `observability_series_overflow_total{metric}`.
   * @default 1000
   */
  maxSeries?: number;
  /** On a class decorator: methods to leave uninstrumented. @default [] */
  exclude?: readonly string[];
}

/**
 * Options of `@Timed`.
 *
 * @publicApi
 */
export interface TimedOptions extends MetricDecoratorOptions {
  /**
   * Histogram bucket upper bounds in seconds, strictly increasing. Requires a metric name of your
   * own.
   * @default [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
   */
  buckets?: readonly number[];
}

/**
 * Options of `@Counted`.
 *
 * @publicApi
 */
export type CountedOptions = MetricDecoratorOptions;

/**
 * A span attribute's value: fixed, or computed from the call's arguments when it starts. String
 * values are cut to 1024 characters.
 *
 * @publicApi
 */
export type AttributeSource =
  PrimitiveAttribute | ((call: InstrumentedCall) => PrimitiveAttribute | undefined);

/**
 * Options of `@Traced`.
 *
 * @publicApi
 */
export interface TracedOptions {
  /** Span kind. @default SpanKind.INTERNAL */
  kind?: SpanKind;
  /** Span attributes, fixed or computed from the arguments. @default {} */
  attributes?: Readonly<Record<string, AttributeSource>>;
  /** On a class decorator: methods to leave uninstrumented. @default [] */
  exclude?: readonly string[];
}

export type { InstrumentedCall, PrimitiveAttribute };
