import { SpanKind, trace } from '@opentelemetry/api';
import { RECORD_STAGES, SPAN_STAGES } from '../instrument/operation';
import type { CallRecord } from '../instrument/call';
import type { OperationOutcome, OperationSink } from '../instrument/operation';
import { endOperationSpan } from '../instrument/operation';
import { currentTracer } from '../instrument/tracer';
import { exemplarFor } from '../metrics/exemplar';
import type { HistogramFamily } from '../metrics/histogram-family';
import {
  MESSAGING_DESTINATION_NAME,
  MESSAGING_OPERATION_NAME,
  MESSAGING_OPERATION_TYPE,
  MESSAGING_SYSTEM,
} from '../naming/semantic-attributes';
import { InstalledValue } from '../support/installed-value';

/** `messaging_system` of in-process events. @internal */
export const EVENT_EMITTER_SYSTEM = 'event_emitter';

/** The family every listener call records into (none: listener calls are not recorded). @internal */
export const EVENT_METRICS = new InstalledValue<HistogramFamily>();

/**
 * An `@OnEvent` listener call's CONSUMER span, `process <event>`, a child of the span that was
 * active where the event was emitted (the request's, the job's, the task run's), whose operation
 * id (`request_id`, ...) the listener's log lines keep.
 *
 * @internal
 */
export class EventSpanSink implements OperationSink<CallRecord> {
  readonly stages = SPAN_STAGES;

  constructor(private readonly event: string) {}

  start(call: CallRecord): void {
    if (EVENT_METRICS.current === undefined) return;
    const span = currentTracer().startSpan(
      `process ${this.event}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          [MESSAGING_SYSTEM]: EVENT_EMITTER_SYSTEM,
          [MESSAGING_DESTINATION_NAME]: this.event,
          [MESSAGING_OPERATION_TYPE]: 'process',
          [MESSAGING_OPERATION_NAME]: 'process',
        },
      },
      call.parentContext,
    );
    call.span = span;
    call.context = trace.setSpan(call.parentContext, span);
  }

  end(call: CallRecord, { outcome, error }: OperationOutcome): void {
    if (call.span !== undefined) endOperationSpan(call.span, outcome, error);
  }
}

/**
 * An `@OnEvent` listener call's duration in
 * `messaging_process_duration_seconds{messaging_system="event_emitter",messaging_destination_name,outcome}`.
 *
 * @internal
 */
export class EventDurationSink implements OperationSink<CallRecord> {
  readonly stages = RECORD_STAGES;

  constructor(private readonly event: string) {}

  end(call: CallRecord, { outcome, seconds }: OperationOutcome): void {
    EVENT_METRICS.current
      ?.resolve([EVENT_EMITTER_SYSTEM, this.event, outcome])
      .observe(seconds, exemplarFor(call.context, seconds));
  }
}
