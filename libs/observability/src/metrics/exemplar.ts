import type { Context } from '@opentelemetry/api';
import { TraceFlags, trace } from '@opentelemetry/api';

/**
 * An OpenMetrics exemplar: the trace that produced an observation.
 *
 * @internal
 */
export interface Exemplar {
  readonly labelSet: { readonly trace_id: string; readonly span_id: string };
  readonly value: number;
  /** Seconds since the epoch. */
  readonly timestamp: number;
}

/**
 * The exemplar for an observation of `value` made in `context`: present only when a sampled span
 * is active there (an unsampled trace is never exported, so pointing at it would mislead).
 *
 * @internal
 */
export function exemplarFor(context: Context, value: number): Exemplar | undefined {
  const spanContext = trace.getSpanContext(context);
  if (spanContext === undefined || (spanContext.traceFlags & TraceFlags.SAMPLED) === 0) {
    return undefined;
  }
  return {
    labelSet: { trace_id: spanContext.traceId, span_id: spanContext.spanId },
    value,
    timestamp: Date.now() / 1000,
  };
}
