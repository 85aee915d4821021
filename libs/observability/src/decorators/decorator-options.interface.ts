import type { SpanKind } from '@opentelemetry/api';
import type { CallOutcome } from '../instrument/call-record';

/**
 * What a label or attribute function sees of one call of a decorated method.
 *
 * @publicApi
 */
export interface InstrumentedCall {
  /** The arguments, as passed. */
  readonly args: readonly unknown[];
  /** The instance the method was called on (`this`). */
  readonly instance: unknown;
  /** How the call ended; `undefined` for span attributes, computed when the call starts. */
  readonly outcome: CallOutcome | undefined;
  /** What the call produced (the resolved value for a Promise), when it succeeded. */
  readonly result: unknown;
  /** What the call threw or rejected with, when it failed. */
  readonly error: unknown;
}

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
 * A span attribute value the SDK accepts: a primitive or an array of primitives (what every
 * OTLP backend indexes).
 *
 * @publicApi
 */
export type PrimitiveAttribute = string | number | boolean | readonly (string | number | boolean)[];

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
