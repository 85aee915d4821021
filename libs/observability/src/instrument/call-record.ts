import type { Context, Span } from '@opentelemetry/api';

/**
 * How an instrumented call ended: it returned (or its Promise resolved, its Observable completed,
 * its generator finished), it threw (or rejected, errored), or its consumer stopped it first (an
 * Observable unsubscribed, a generator left by `break` or `return()`).
 *
 * @publicApi
 */
export type CallOutcome = 'success' | 'error' | 'cancelled';

/**
 * Where an instrumented method is declared, resolved once at decoration time.
 *
 * @internal
 */
export interface CallSite {
  readonly className: string;
  readonly methodName: string;
  /** `ClassName.methodName`. */
  readonly qualifiedName: string;
}

/**
 * One measured call, from the start of its work to its end. Probes read and write it: the span
 * probe sets `span` and `context`; the metric probes read the outcome and the duration.
 *
 * @internal
 */
export class CallRecord {
  span: Span | undefined = undefined;
  /** The context the call's work runs in: the parent's, or the call's own span's. */
  context: Context;
  startMs = 0;
  endMs = 0;
  outcome: CallOutcome = 'success';
  error: unknown = undefined;
  result: unknown = undefined;
  ended = false;

  constructor(
    readonly site: CallSite,
    readonly thisArg: unknown,
    readonly args: ArrayLike<unknown>,
    readonly parentContext: Context,
  ) {
    this.context = parentContext;
  }

  /** Seconds from the start of the work to its end, from the monotonic clock. */
  get durationSeconds(): number {
    return (this.endMs - this.startMs) / 1000;
  }
}
