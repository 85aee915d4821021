import type { InstrumentedCall } from '../decorators/decorator-options.interface';
import type { CallRecord } from '../instrument/call-record';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import { instrumentedCall } from '../instrument/instrumented-call';

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
const MAX_CACHED_ERROR_TYPES = 64;

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

/**
 * Finds the series a call of one method records into. Label sets known at decoration time are
 * resolved once and kept, so the common path is a field read; computed labels are resolved per
 * call through the family's bounded map.
 *
 * @internal
 */
export class MethodSeries<S> {
  private readonly success: S | undefined;
  private cancelled: S | undefined;
  private readonly byErrorType = new Map<string, S>();

  constructor(
    private readonly resolve: (values: readonly string[]) => S,
    private readonly labels: MethodLabels,
  ) {
    if (labels.computed.length === 0) this.success = resolve(this.values('success', undefined));
  }

  /** The series `call` records into. */
  seriesFor(call: CallRecord): S {
    if (this.labels.computed.length > 0) return this.resolve(this.computedValues(call));
    if (call.outcome === 'success') return this.success as S;
    if (call.outcome === 'cancelled')
      return (this.cancelled ??= this.resolve(this.values('cancelled', undefined)));
    const type = this.labels.withErrorType ? errorTypeOf(call.error) : undefined;
    const key = type ?? '';
    const cached = this.byErrorType.get(key);
    if (cached !== undefined) return cached;
    const series = this.resolve(this.values('error', type));
    if (this.byErrorType.size < MAX_CACHED_ERROR_TYPES) this.byErrorType.set(key, series);
    return series;
  }

  private values(outcome: string, errorType: string | undefined): string[] {
    const { className, methodName, withErrorType, staticValues } = this.labels;
    const head = withErrorType
      ? [className, methodName, outcome, errorType ?? '']
      : [className, methodName, outcome];
    return [...head, ...staticValues];
  }

  private computedValues(call: CallRecord): string[] {
    const type =
      call.outcome === 'error' && this.labels.withErrorType ? errorTypeOf(call.error) : undefined;
    const values = this.values(call.outcome, type);
    const view = instrumentedCall(call, true);
    for (const fn of this.labels.computed) {
      try {
        values.push(labelValue(fn(view)));
      } catch (error) {
        reportInstrumentationFailure(this.labels.site, 'label-function', error);
        values.push('__error__');
      }
    }
    return values;
  }
}
