import type { Attributes } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import {
  MESSAGING_DESTINATION_NAME,
  MESSAGING_SYSTEM,
  NESTJS_SCHEDULE_TASK,
  RPC_METHOD,
  RPC_SYSTEM,
} from '../../naming/semantic-attributes';

/** The transport name of scheduled tasks in sampling rules (`@nestjs/schedule`). @internal */
export const SCHEDULE_TRANSPORT = 'schedule';

/** The work a span handles, as a transport sampling rule selects it. @internal */
export interface HandledWork {
  readonly transport: string;
  /** The pattern, gRPC method, queue, event or task name, when the span started with it. */
  readonly operation: string | undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The work a span starts to handle, read from the attributes it starts with: a handler's call
 * (SERVER, `rpc.system` and `rpc.method`), a consumed message, job attempt or listener call
 * (CONSUMER, `messaging.system` and `messaging.destination.name`), a scheduled task's run
 * (`nestjs.schedule.task`). Spans that send (CLIENT, PRODUCER) or do anything else handle none:
 * `undefined`.
 *
 * @internal
 */
export function handledWork(kind: SpanKind, attributes: Attributes): HandledWork | undefined {
  if (kind === SpanKind.SERVER) {
    const system = text(attributes[RPC_SYSTEM]);
    return system === undefined
      ? undefined
      : { transport: system, operation: text(attributes[RPC_METHOD]) };
  }
  if (kind === SpanKind.CONSUMER) {
    const system = text(attributes[MESSAGING_SYSTEM]);
    return system === undefined
      ? undefined
      : { transport: system, operation: text(attributes[MESSAGING_DESTINATION_NAME]) };
  }
  if (kind !== SpanKind.INTERNAL) return undefined;
  const task = text(attributes[NESTJS_SCHEDULE_TASK]);
  return task === undefined ? undefined : { transport: SCHEDULE_TRANSPORT, operation: task };
}
