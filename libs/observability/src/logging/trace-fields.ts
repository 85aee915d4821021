import { context, isSpanContextValid, trace } from '@opentelemetry/api';

/** Trace flags as the W3C headers and the logs write them: two hex digits (`01` when sampled). @internal */
export function traceFlagsHex(flags: number): string {
  return flags.toString(16).padStart(2, '0');
}

/** The trace fields of a log line written while a span is active. @publicApi */
export interface TraceFields {
  readonly trace_id?: string;
  readonly span_id?: string;
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
