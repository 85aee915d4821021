import type { Attributes } from '@opentelemetry/api';
import { SPAN_STAGES } from '../../instrument/operation';
import { SpanKind, trace } from '@opentelemetry/api';
import { currentTracer } from '../../instrument/tracer';
import type { OperationOutcome } from '../../instrument/operation';
import { endOperationSpan } from '../../instrument/operation';
import type { HandlerSite, MessageExchange, MessageSink } from '../message-exchange';
import {
  MESSAGING_DESTINATION_NAME,
  MESSAGING_MESSAGE_ID,
  MESSAGING_OPERATION_NAME,
  MESSAGING_OPERATION_TYPE,
  MESSAGING_SYSTEM,
  RPC_METHOD,
  RPC_SYSTEM,
} from '../../naming/semantic-attributes';

/** A handler's span name and attributes, by OpenTelemetry's RPC and messaging conventions. */
function describe(site: HandlerSite, messageId: string): { name: string; attributes: Attributes } {
  if (site.kind === 'rpc') {
    return {
      name: site.pattern,
      attributes: { [RPC_SYSTEM]: site.system, [RPC_METHOD]: site.pattern },
    };
  }
  return {
    name: `process ${site.pattern}`,
    attributes: {
      [MESSAGING_SYSTEM]: site.system,
      [MESSAGING_DESTINATION_NAME]: site.pattern,
      [MESSAGING_OPERATION_TYPE]: 'process',
      [MESSAGING_OPERATION_NAME]: 'process',
      [MESSAGING_MESSAGE_ID]: messageId,
    },
  };
}

/**
 * One span per handled message: SERVER for a `@MessagePattern` request, named by its pattern
 * (`rpc.system`, `rpc.method`), CONSUMER for an `@EventPattern` event, named `process <pattern>`
 * (`messaging.system`, `messaging.destination.name`, `messaging.operation.type=process`). It
 * continues the caller's trace when the message carried one, and is the handler's scope. A
 * failure sets status ERROR and `error.type` (the error's class; never its message, which may
 * quote the caller's payload); a reply stream dropped first adds a `cancelled` event.
 *
 * @internal
 */
export class HandlerSpanSink implements MessageSink {
  readonly stages = SPAN_STAGES;

  start(exchange: MessageExchange): void {
    const { name, attributes } = describe(exchange.site, exchange.messageId);
    const kind = exchange.site.kind === 'rpc' ? SpanKind.SERVER : SpanKind.CONSUMER;
    const span = currentTracer().startSpan(name, { kind, attributes }, exchange.context);
    exchange.span = span;
    exchange.context = trace.setSpan(exchange.context, span);
  }

  end(exchange: MessageExchange, { outcome, error }: OperationOutcome): void {
    if (exchange.span !== undefined) endOperationSpan(exchange.span, outcome, error);
  }
}
