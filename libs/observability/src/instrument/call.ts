import type { Context, Span } from '@opentelemetry/api';
import { context } from '@opentelemetry/api';

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

/**
 * What a probe records: one span, one duration, one count. At most one `span` probe per method.
 *
 * @internal
 */
export type ProbeKind = 'span' | 'duration' | 'count';

/**
 * One thing recorded about every call of an instrumented method. Decorators translate their
 * options into a probe; the engine calls `enter` when the work starts and `exit` once when it has
 * ended, whatever the shape of the result. A probe may throw: the engine reports it and goes on.
 *
 * @internal
 */
export interface CallProbe {
  readonly kind: ProbeKind;
  /** Whether `exit` reads the call's duration (a `duration` probe always does). */
  readonly clocked?: boolean;
  /** The work is about to start. A span probe opens its span here and sets `call.context`. */
  enter(call: CallRecord): void;
  /** The work has ended: `call.outcome`, `call.error` or `call.result`, and the clock are set. */
  exit(call: CallRecord): void;
}

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
 * A span attribute value the SDK accepts: a primitive or an array of primitives (what every
 * OTLP backend indexes).
 *
 * @publicApi
 */
export type PrimitiveAttribute = string | number | boolean | readonly (string | number | boolean)[];

/** The public view of one call; `args` is copied only when a function reads it. */
class CallView implements InstrumentedCall {
  private copied: readonly unknown[] | undefined;

  constructor(
    private readonly call: CallRecord,
    readonly outcome: CallOutcome | undefined,
  ) {}

  get args(): readonly unknown[] {
    this.copied ??= Array.prototype.slice.call(this.call.args) as unknown[];
    return this.copied;
  }
  get instance(): unknown {
    return this.call.thisArg;
  }
  get result(): unknown {
    return this.call.result;
  }
  get error(): unknown {
    return this.call.error;
  }
}

/**
 * The public view of `call` given to label and attribute functions.
 *
 * @internal
 */
export function instrumentedCall(call: CallRecord, ended: boolean): InstrumentedCall {
  return new CallView(call, ended ? call.outcome : undefined);
}

/** Any function; the engine never looks at its types. @internal */
export type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Runs `original` in the context of `call` (its span active, when it has one).
 *
 * @internal
 */
export function runInCall(
  call: CallRecord,
  original: AnyFunction,
  thisArg: unknown,
  args: ArrayLike<unknown>,
): unknown {
  if (call.context === call.parentContext) return Reflect.apply(original, thisArg, args);
  return context.with(call.context, Reflect.apply, undefined, original, thisArg, args);
}
