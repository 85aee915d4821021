import type { Context, Span } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { CallOutcome, CallProbe, CallRecord } from './call';
import type { FailureStage } from './failure-reporter';
import { reportInstrumentationFailure } from './failure-reporter';
import { errorTypeOf } from './probes/method-series';

/**
 * One unit of work the SDK follows from its start to its end, whatever started it: an HTTP
 * request, a handled message, a job attempt, a scheduled task's run, an event listener's call.
 * Each context adds its own fields (the request, the handler's pattern, ...); every sink can rely
 * on these two.
 *
 * @internal
 */
export interface Operation {
  /** The operation's span, when tracing runs (set by the sink that opens it). */
  span: Span | undefined;
  /** The scope the operation's work runs in: its span and its id for the log lines. */
  context: Context;
}

/**
 * How an operation ended, resolved once and handed to every sink. Each context may add its own
 * figures (an HTTP status and route, a job attempt's outcome).
 *
 * @internal
 */
export interface OperationOutcome {
  /** It succeeded, failed (a 5xx, a thrown error, a failed attempt) or was given up first. */
  readonly outcome: CallOutcome;
  /** What it failed with, when it failed with an error (a 5xx response carries none). */
  readonly error: unknown;
  /** Seconds from the start of its work to its end, from the monotonic clock. */
  readonly seconds: number;
}

/**
 * The `stage` labels a sink's failures are counted under in
 * `observability_instrumentation_errors_total`: at its start, at its end.
 *
 * @internal
 */
export interface SinkStages {
  /** A failure of `start`. */
  readonly start: FailureStage;
  /** A failure of `end`. */
  readonly end: FailureStage;
}

/** The stages of a sink that opens and ends the operation's span. @internal */
export const SPAN_STAGES: SinkStages = { start: 'start-span', end: 'end-span' };

/** The stages of a sink that records a metric or a log line. @internal */
export const RECORD_STAGES: SinkStages = { start: 'start-call', end: 'record-duration' };

/**
 * What records something about every operation of one context: at its start (optional; a span
 * sink opens the operation's scope there) and once at its end.
 *
 * @internal
 */
export interface OperationSink<
  O extends Operation = Operation,
  R extends OperationOutcome = OperationOutcome,
> {
  /** What its failures are counted as (`SPAN_STAGES` or `RECORD_STAGES`). */
  readonly stages: SinkStages;
  /** The operation has started; a span sink opens its span and sets its scope here. */
  start?(operation: O): void;
  /** The operation has ended with `outcome`: called once, sinks in reverse order. */
  end(operation: O, outcome: R): void;
}

/**
 * The fixed list of sinks of one context, and the order every context runs them in: at the
 * start in list order (the span sink, first, opens the scope the others see), at the end in
 * reverse (the metrics and the log line, with the span's ids, before the span ends). A failing
 * sink is counted and reported (`observability_instrumentation_errors_total`, under its own
 * stages) and the others still run: telemetry never fails the work it observes.
 *
 * @internal
 */
export class SinkChain<
  O extends Operation,
  R extends OperationOutcome = OperationOutcome,
  S extends OperationSink<O, R> = OperationSink<O, R>,
> {
  constructor(readonly sinks: readonly S[]) {}

  /** The operation named `name` (for the failure reports) has started. */
  start(operation: O, name: string): void {
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++) {
      const sink = sinks[i] as S;
      try {
        sink.start?.(operation);
      } catch (error) {
        reportInstrumentationFailure(name, sink.stages.start, error);
      }
    }
  }

  /** The operation named `name` has ended with `outcome`. Never throws. */
  end(operation: O, outcome: R, name: string): void {
    const sinks = this.sinks;
    for (let i = sinks.length - 1; i >= 0; i--) {
      const sink = sinks[i] as S;
      try {
        sink.end(operation, outcome);
      } catch (error) {
        reportInstrumentationFailure(name, sink.stages.end, error);
      }
    }
  }
}

/**
 * Ends the span of an operation that is not an HTTP request (or of a message sent) with how it
 * ended: a failure sets status ERROR and `error.type` (the error's class, `_OTHER` for a plain
 * object such as Nest's serialised RPC error; never its message, which may quote the payload);
 * work given up first adds a `cancelled` event.
 *
 * @internal
 */
export function endOperationSpan(span: Span, outcome: CallOutcome, error: unknown): void {
  if (outcome === 'error') {
    // Failed with nothing thrown (a job attempt BullMQ gave up on): the convention's fallback.
    const type = error === undefined ? 'Object' : errorTypeOf(error);
    span.setAttribute(ATTR_ERROR_TYPE, type === 'Object' ? '_OTHER' : type);
    span.setStatus({ code: SpanStatusCode.ERROR });
  } else if (outcome === 'cancelled') {
    span.addEvent('cancelled');
  }
  span.end();
}

/**
 * Runs the sinks of a context for every call of a method whose calls are that context's
 * operations (a scheduled task's runs, an `@OnEvent` listener's calls): the call is the
 * operation, and the engine, which knows when a Promise, Observable, stream or generator result
 * has settled, says when it ends. It takes the span's place in the method's plan.
 *
 * @internal
 */
export class OperationProbe implements CallProbe {
  readonly kind = 'span';
  readonly clocked = true;

  constructor(
    private readonly chain: SinkChain<CallRecord>,
    private readonly name: string,
  ) {}

  enter(call: CallRecord): void {
    this.chain.start(call, this.name);
  }

  exit(call: CallRecord): void {
    const outcome = { outcome: call.outcome, error: call.error, seconds: call.durationSeconds };
    this.chain.end(call, outcome, this.name);
  }
}
