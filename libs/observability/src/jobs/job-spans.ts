import type { Attributes, Context, Span, SpanKind as OtelSpanKind } from '@opentelemetry/api';
import {
  createContextKey,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  context,
  trace,
} from '@opentelemetry/api';
import { withOperationIds } from '../context/operation-context';
import { isPlainToken } from '../context/operation-context';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import type { Operation, OperationOutcome, OperationSink } from '../instrument/operation';
import { endOperationSpan, RECORD_STAGES, SinkChain, SPAN_STAGES } from '../instrument/operation';
import { currentTracer } from '../instrument/tracer';
import { exemplarFor } from '../metrics/exemplar';
import {
  MESSAGING_DESTINATION_NAME,
  MESSAGING_MESSAGE_ID,
  MESSAGING_OPERATION_TYPE,
  MESSAGING_SYSTEM,
} from '../naming/semantic-attributes';
import { redactText } from '../redaction/redaction';
import { enqueuedAtIn } from './job-context';
import type { JobSpan } from './job-telemetry';
import { BULLMQ_SYSTEM, JOB_METRICS } from './job-metrics';

/** BullMQ's span kinds (the same numbers as OpenTelemetry's). */
const PRODUCER = 3;
const CONSUMER = 4;
/** BullMQ's attribute names this reads. */
const QUEUE_NAME = 'bullmq.queue.name';
const JOB_ID = 'bullmq.job.id';
const BULK_COUNT = 'bullmq.job.bulk.count';
const STALLED_JOBS = 'bullmq.worker.stalled.jobs';
const JOB_RESULT = 'bullmq.job.result';
const FAILED_REASON = 'bullmq.job.failed.reason';

/** How one attempt at a job ended. @internal */
export type AttemptOutcome = 'completed' | 'failed' | 'retried';

/** The operations of BullMQ's own internal spans that say how an attempt ended. */
const SETTLING: Readonly<Record<string, AttemptOutcome>> = {
  complete: 'completed',
  retry: 'retried',
  delay: 'retried',
  fail: 'failed',
};

const ATTEMPT = createContextKey('nestjs-observability.job-attempt');

type AttributeInput = Record<string, unknown>;

/** What BullMQ may hand a span as attributes, without the payload it would put there. */
function cleaned(attributes: AttributeInput | undefined): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || key === JOB_RESULT) continue;
    out[key] = key === FAILED_REASON && typeof value === 'string' ? redactText(value) : value;
  }
  return out;
}

/** The longest queue name read from a span name. */
const MAX_QUEUE_LENGTH = 128;

/** The queue of BullMQ's `process <queue>` span name, if the name has that shape. */
function queueOfProcessName(name: string): string | undefined {
  if (!name.startsWith('process ') || name.length > 'process '.length + MAX_QUEUE_LENGTH) {
    return undefined;
  }
  const queue = name.slice('process '.length);
  return queue === '' ? undefined : queue;
}

/** Opens one of BullMQ's spans, by OpenTelemetry's messaging conventions. */
function startJobSpan(
  name: string,
  kind: OtelSpanKind,
  parent: Context,
  operation: string,
  destination: string | undefined,
): Span {
  const attributes: Attributes = {
    [MESSAGING_SYSTEM]: BULLMQ_SYSTEM,
    [MESSAGING_OPERATION_TYPE]: operation,
  };
  if (destination !== undefined) attributes[MESSAGING_DESTINATION_NAME] = destination;
  return currentTracer().startSpan(name, { kind, attributes }, parent);
}

/** A recorded span: a PRODUCER span per added job (or bulk), a CONSUMER span per attempt. */
abstract class RecordedSpan implements JobSpan {
  protected queue: string | undefined;

  constructor(protected readonly span: Span) {}

  setSpanOnContext(ctx: Context): Context {
    return trace.setSpan(ctx, this.span);
  }

  setAttribute(key: string, value: unknown): void {
    this.setAttributes({ [key]: value });
  }

  setAttributes(attributes: AttributeInput): void {
    const queue = attributes[QUEUE_NAME];
    if (typeof queue === 'string' && this.queue === undefined) {
      this.queue = queue;
      this.span.setAttribute(MESSAGING_DESTINATION_NAME, queue);
      this.named?.(queue);
    }
    this.span.setAttributes(cleaned(attributes));
  }

  addEvent(name: string, attributes?: AttributeInput): void {
    this.span.addEvent(name, cleaned(attributes));
  }

  recordException(exception: unknown, time?: number | Date): void {
    const error =
      exception instanceof Error ? exception : { message: redactText(String(exception)) };
    this.span.recordException(error, time);
  }

  /** BullMQ has named the queue. */
  protected named?(queue: string): void;

  abstract end(): void;
}

/** `add` or `addBulk`: counted in `messaging_client_sent_messages_total` when it ends. */
class ProducerSpan extends RecordedSpan {
  private count = 1;

  constructor(name: string, parent: Context) {
    super(startJobSpan(name, PRODUCER, parent, 'send', undefined));
  }

  override setAttributes(attributes: AttributeInput): void {
    const bulk = attributes[BULK_COUNT];
    if (typeof bulk === 'number' && Number.isInteger(bulk) && bulk >= 0) this.count = bulk;
    super.setAttributes(attributes);
  }

  end(): void {
    try {
      const metrics = JOB_METRICS.current;
      if (metrics !== undefined && this.queue !== undefined) {
        metrics.sent.resolve([BULLMQ_SYSTEM, this.queue]).inc(this.count);
      }
    } catch (error) {
      reportInstrumentationFailure('BullMQ job', 'record-count', error);
    } finally {
      this.span.end();
    }
  }
}

/** One attempt at a job, as its sinks see it. */
interface AttemptOperation extends Operation {
  /** BullMQ's span name, `process <queue>`. */
  readonly name: string;
  /** The producer's context (or the previous attempt's), carried in the job. */
  readonly parent: Context;
  /** The queue, from the span's name, else from BullMQ's attribute when it comes. */
  queue: string | undefined;
  /** When the job was added (epoch ms), carried in the job; undefined when it was not. */
  readonly enqueuedAt: number | undefined;
  readonly startedMs: number;
  /** The last error BullMQ recorded on the span, if any. */
  error: Error | undefined;
}

/** How an attempt ended: the operation's outcome (failed unless completed), in BullMQ's words. */
interface AttemptEnd extends OperationOutcome {
  readonly attempt: AttemptOutcome;
}

/** `messaging_queue_wait_seconds`, once the attempt's queue is known. */
function recordQueueWait({ queue, enqueuedAt }: AttemptOperation): void {
  const metrics = JOB_METRICS.current;
  if (metrics === undefined || queue === undefined || enqueuedAt === undefined) return;
  const seconds = Math.max(0, (Date.now() - enqueuedAt) / 1000);
  metrics.wait.resolve([BULLMQ_SYSTEM, queue]).observe(seconds);
}

/**
 * The attempt's CONSUMER span, a child of the producer's (or of the previous attempt's): one
 * trace per job. The queue is in the span's name (`process <queue>`) before BullMQ sets it as an
 * attribute: the sampler, which sees only the attributes a span starts with, selects by it. It
 * ends with the attempt's outcome (status ERROR unless it completed, with `error.type`: the class
 * of an error BullMQ recorded, else `_OTHER`).
 */
const attemptSpan: OperationSink<AttemptOperation, AttemptEnd> = {
  stages: SPAN_STAGES,
  start(operation) {
    const { name, parent, queue } = operation;
    const span = startJobSpan(name, CONSUMER, parent, 'process', queue);
    operation.span = span;
    operation.context = trace.setSpan(parent, span);
  },
  end({ span }, { outcome, error, attempt }) {
    if (span === undefined) return;
    span.setAttribute('bullmq.job.outcome', attempt);
    endOperationSpan(span, outcome, error);
  },
};

/**
 * The attempt's queue wait when it starts, and
 * `messaging_process_duration_seconds{messaging_system="bullmq",outcome}` when it ends.
 */
const attemptMetrics: OperationSink<AttemptOperation, AttemptEnd> = {
  stages: RECORD_STAGES,
  start: recordQueueWait,
  end({ queue, context: scope }, { attempt, seconds }) {
    const metrics = JOB_METRICS.current;
    if (metrics === undefined || queue === undefined) return;
    metrics.process
      .resolve([BULLMQ_SYSTEM, queue, attempt])
      .observe(seconds, exemplarFor(scope, seconds));
  },
};

/** An attempt's sinks: the same operation model as requests, messages, task runs and events. */
const ATTEMPT_SINKS = new SinkChain<AttemptOperation, AttemptEnd>([attemptSpan, attemptMetrics]);

/** A span that records nothing, for an attempt whose span could not be opened. */
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * One attempt at a job, an operation: its scope (its span, its `job_id` for the log lines,
 * filled in when BullMQ names the job), the queue wait recorded when it starts, its duration and
 * outcome when it ends (once).
 */
class AttemptSpan extends RecordedSpan {
  private readonly ids = { field: 'job_id', value: '' };
  private ended = false;
  outcome: AttemptOutcome | undefined;

  private constructor(private readonly operation: AttemptOperation) {
    super(operation.span ?? NO_SPAN);
  }

  /** Starts the attempt named `name` (`process <queue>`) in `parent`. */
  static start(name: string, parent: Context): AttemptSpan {
    const operation: AttemptOperation = {
      name,
      parent,
      span: undefined,
      context: parent,
      queue: queueOfProcessName(name),
      enqueuedAt: enqueuedAtIn(parent),
      startedMs: performance.now(),
      error: undefined,
    };
    ATTEMPT_SINKS.start(operation, 'BullMQ job');
    return new AttemptSpan(operation);
  }

  override setSpanOnContext(ctx: Context): Context {
    const scope = withOperationIds(super.setSpanOnContext(ctx), this.ids).setValue(ATTEMPT, this);
    this.operation.context = scope;
    return scope;
  }

  override setAttributes(attributes: AttributeInput): void {
    const id = attributes[JOB_ID];
    if (isPlainToken(id) && this.ids.value === '') {
      this.ids.value = id;
      this.span.setAttribute(MESSAGING_MESSAGE_ID, id);
    }
    super.setAttributes(attributes);
  }

  /**
   * An error BullMQ caught in one of its own steps (the attempt's wrapper, a lost lock) is what a
   * failed attempt failed with; a text (`retryIfFailed` records only a message) is not kept.
   */
  override recordException(exception: unknown, time?: number | Date): void {
    if (exception instanceof Error) this.operation.error = exception;
    super.recordException(exception, time);
  }

  /** A queue the span's name did not give: its wait is recorded now. */
  protected override named(queue: string): void {
    if (this.operation.queue !== undefined) return;
    this.operation.queue = queue;
    try {
      recordQueueWait(this.operation);
    } catch (error) {
      reportInstrumentationFailure('BullMQ job', RECORD_STAGES.start, error);
    }
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    const operation = this.operation;
    const attempt = this.outcome ?? 'failed';
    const outcome = attempt === 'completed' ? 'success' : 'error';
    const seconds = (performance.now() - operation.startedMs) / 1000;
    // BullMQ 6 hands the span a processor's error only as the `job failed` event's text (its
    // reason, redacted): such a failure's `error.type` is `_OTHER`. An error BullMQ recorded
    // itself gives its class.
    const error = outcome === 'error' ? operation.error : undefined;
    ATTEMPT_SINKS.end(operation, { outcome, error, attempt, seconds }, 'BullMQ job');
  }
}

/**
 * BullMQ's internal operations (fetching, completing, retrying, lock and stalled checks): no span
 * of their own (they would be a root trace every few seconds); the ones that settle an attempt
 * tell it how it ended, and a stalled check counts the jobs it found stalled.
 */
class SilentSpan implements JobSpan {
  private queue: string | undefined;

  constructor(operation: string) {
    const outcome = SETTLING[operation];
    const attempt = context.active().getValue(ATTEMPT);
    if (outcome !== undefined && attempt instanceof AttemptSpan) attempt.outcome = outcome;
  }

  setSpanOnContext(ctx: Context): Context {
    return ctx;
  }

  setAttribute(key: string, value: unknown): void {
    this.setAttributes({ [key]: value });
  }

  setAttributes(attributes: AttributeInput): void {
    const queue = attributes[QUEUE_NAME];
    if (typeof queue === 'string') this.queue = queue;
    const stalled = attributes[STALLED_JOBS];
    const metrics = JOB_METRICS.current;
    if (Array.isArray(stalled) && stalled.length > 0 && metrics !== undefined && this.queue) {
      metrics.stalled.resolve([BULLMQ_SYSTEM, this.queue]).inc(stalled.length);
    }
  }

  addEvent(): void {}
  recordException(): void {}
  end(): void {}
}

/**
 * BullMQ's `Tracer`: a PRODUCER span per `add`/`addBulk` (a child of the caller's span, its
 * context written into the job), a CONSUMER span per processing attempt (a child of the producer,
 * or of the previous attempt for a retry: one trace per job), nothing for the internal
 * operations.
 *
 * @internal
 */
export const jobTracer = {
  startSpan(name: string, options?: { kind?: number }, ctx?: Context): JobSpan {
    const kind = options?.kind;
    if (kind === PRODUCER) return new ProducerSpan(name, ctx ?? context.active());
    if (kind === CONSUMER) return AttemptSpan.start(name, ctx ?? ROOT_CONTEXT);
    return new SilentSpan(name.split(' ')[0] ?? name);
  },
};
