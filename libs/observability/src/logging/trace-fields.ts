import { context, isSpanContextValid, trace } from '@opentelemetry/api';

/** Trace flags as the W3C headers and the logs write them: two hex digits (`01` when sampled). @internal */
export function traceFlagsHex(flags: number): string {
  return flags.toString(16).padStart(2, '0');
}

/** The trace fields of a log line written while a span is active. @publicApi */
export interface TraceFields {
  /** The active span's trace id: 32 lower-case hex digits. */
  readonly trace_id?: string;
  /** The active span's id: 16 lower-case hex digits. */
  readonly span_id?: string;
  /** W3C trace flags as two hex digits: `01` when the trace is sampled (exported), `00` when not. */
  readonly trace_flags?: string;
}

/**
 * `trace_id`, `span_id` and `trace_flags` (two hex digits, `01` when sampled) of the span active
 * where the log call is made, or nothing when no span is: pino's `mixin`, so every line carries
 * them, the service's own `logger.log()` calls included. Baggage is never read. A new object
 * every call: pino merges the line's own fields into it.
 *
 * @publicApi
 */
export function traceFields(): TraceFields {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: traceFlagsHex(spanContext.traceFlags),
  };
}
