import { jobContextManager } from './job-context';
import { jobTracer } from './job-spans';

/**
 * A span as BullMQ sees it (its `Span` interface).
 *
 * @publicApi
 */
export interface JobSpan {
  /** `context` with this span active in it. */
  setSpanOnContext(context: unknown): unknown;
  /** Sets one of BullMQ's attributes (a job's result is never kept). */
  setAttribute(key: string, value: unknown): void;
  /** Sets several of BullMQ's attributes. */
  setAttributes(attributes: Record<string, unknown>): void;
  /** Adds an event (`job completed`, `job failed`: its reason redacted). */
  addEvent(name: string, attributes?: Record<string, unknown>): void;
  /** Records an exception BullMQ caught. */
  recordException(exception: unknown, time?: number | Date): void;
  /** Ends the span, and records the job's metrics. */
  end(): void;
}

/**
 * What BullMQ's `telemetry` option takes (its `Telemetry` interface), as the SDK implements it.
 *
 * @publicApi
 */
export interface JobTelemetry {
  /** Opens BullMQ's spans. */
  readonly tracer: {
    startSpan(name: string, options?: { kind: number }, context?: unknown): JobSpan;
  };
  /** Carries the trace context into and out of jobs. */
  readonly contextManager: {
    with<A extends (...args: never[]) => unknown>(context: unknown, fn: A): ReturnType<A>;
    active(): unknown;
    root(): unknown;
    getMetadata(context: unknown): string;
    fromMetadata(active: unknown, metadata: string): unknown;
  };
}

/**
 * Observes BullMQ queues and workers (plain, or `@nestjs/bullmq`'s), through BullMQ's own
 * `telemetry` option: adding a job records a PRODUCER span and carries its context and the
 * enqueue time in the job's options (its data is untouched); each processing attempt runs in a
 * CONSUMER span of the same trace, with `job_id` in its log lines, and records
 * `messaging_queue_wait_seconds`, `messaging_process_duration_seconds{messaging_system="bullmq",outcome}`
 * (`completed`, `failed`, `retried`) and stalled jobs in `messaging_process_stalled_total`.
 * Job results never reach a span; failure reasons are redacted.
 *
 * @publicApi
 * @example
 * BullModule.forRoot({ connection, telemetry: bullMqTelemetry() })
 * @example
 * new Worker('scoring', processor, { connection, telemetry: bullMqTelemetry() })
 */
export function bullMqTelemetry(): JobTelemetry {
  return { tracer: jobTracer, contextManager: jobContextManager };
}
