import type { InstrumentedCall } from '../call';
import type { CallRecord } from '../call';
import { reportInstrumentationFailure } from '../failure-reporter';
import { instrumentedCall } from '../call';

/** A label computed from a call. @internal */
export type LabelFunction = (call: InstrumentedCall) => unknown;

/** The labels of one decorated method's metric, resolved at decoration time. @internal */
export interface MethodLabels {
  readonly className: string;
  readonly methodName: string;
  readonly site: string;
  readonly withErrorType: boolean;
  readonly staticValues: readonly string[];
  readonly computed: readonly LabelFunction[];
}

const MAX_LABEL_VALUE_LENGTH = 128;
const MAX_CACHED_LABEL_SETS = 1024;
const NO_VALUES: readonly string[] = [];

/**
 * The label value of an error: its class name (`TypeError`, `HttpException`), or the type of a
 * thrown non-object (`string`).
 *
 * @internal
 */
export function errorTypeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const name = (error.constructor as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' && name !== ''
      ? name.slice(0, MAX_LABEL_VALUE_LENGTH)
      : 'Object';
  }
  return error === null ? 'null' : typeof error;
}

function labelValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.slice(0, MAX_LABEL_VALUE_LENGTH);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      return value === null ? '' : '__invalid__';
  }
}

/** What a method's series come from: a metric family. @internal */
export interface SeriesSource<S> {
  resolve(values: readonly string[]): S;
  isOverflow(series: S): boolean;
}

/**
 * Finds the series a call of one method records into. The success series of a method without
 * computed labels is resolved once, so the common path is a field read; every other label set is
 * kept in a bounded cache keyed by what varies (outcome, error type, computed values), so the
 * family's map is consulted once per label set. Overflow resolutions are never cached: each one
 * is counted.
 *
 * @internal
 */
export class MethodSeries<S> {
  private success: S | undefined;
  private readonly cache = new Map<string, S>();
  private resolvedSource: SeriesSource<S> | undefined;

  /** @param source gives the family; called on the first record, so it is created then */
  constructor(
    private readonly sourceOf: () => SeriesSource<S>,
    private readonly labels: MethodLabels,
  ) {}

  private get source(): SeriesSource<S> {
    return (this.resolvedSource ??= this.sourceOf());
  }

  /** The series `call` records into. */
  seriesFor(call: CallRecord): S {
    const hasComputed = this.labels.computed.length > 0;
    if (!hasComputed && call.outcome === 'success') {
      return (this.success ??= this.resolve('success', '', NO_VALUES));
    }
    const type =
      call.outcome === 'error' && this.labels.withErrorType ? errorTypeOf(call.error) : '';
    const computed = hasComputed ? this.computedValues(call) : NO_VALUES;
    let key = `${call.outcome}\u0000${type}`;
    for (let i = 0; i < computed.length; i++) key += `\u0000${computed[i] as string}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const series = this.resolve(call.outcome, type, computed);
    if (!this.source.isOverflow(series) && this.cache.size < MAX_CACHED_LABEL_SETS) {
      this.cache.set(key, series);
    }
    return series;
  }

  private resolve(outcome: string, errorType: string, computed: readonly string[]): S {
    const { className, methodName, withErrorType, staticValues } = this.labels;
    const head = withErrorType
      ? [className, methodName, outcome, errorType]
      : [className, methodName, outcome];
    return this.source.resolve([...head, ...staticValues, ...computed]);
  }

  private computedValues(call: CallRecord): string[] {
    const view = instrumentedCall(call, true);
    const functions = this.labels.computed;
    const values = new Array<string>(functions.length);
    for (let i = 0; i < functions.length; i++) {
      try {
        values[i] = labelValue((functions[i] as LabelFunction)(view));
      } catch (error) {
        reportInstrumentationFailure(this.labels.site, 'label-function', error);
        values[i] = '__error__';
      }
    }
    return values;
  }
}
