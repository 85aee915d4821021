import type { Context, Span } from '@opentelemetry/api';
import { context, SpanKind, trace } from '@opentelemetry/api';
import type { CounterFamily } from '../metrics/counter-family';
import { metricCatalog } from '../metrics/metric-catalog';
import { METRIC_HELP, METRIC_NAMES } from '../naming/metric-names';
import type { CallOutcome } from '../instrument/call';
import { currentTracer } from '../instrument/tracer';
import { endOperationSpan } from '../instrument/operation';
import type { MessageKind } from './message-exchange';
import {
  MESSAGING_DESTINATION_NAME,
  MESSAGING_OPERATION_NAME,
  MESSAGING_OPERATION_TYPE,
  MESSAGING_SYSTEM,
  RPC_METHOD,
  RPC_SYSTEM,
} from '../naming/semantic-attributes';

/** One message a client sends: its span and the scope the transport runs the send in. @internal */
export interface OutgoingMessage {
  readonly span: Span;
  readonly context: Context;
  ended: boolean;
}

/** How the producer metrics are defined. @internal */
export interface ProducerDefinition {
  readonly prefix: string;
  readonly maxSeries: number;
}

/**
 * `messaging_client_sent_messages_total{messaging_system,messaging_destination_name}`: one family
 * for every producer (microservice clients, job queues).
 *
 * @internal
 */
export function sentMessagesFamily({ prefix, maxSeries }: ProducerDefinition): CounterFamily {
  return metricCatalog.counter({
    name: `${prefix}${METRIC_NAMES.messagingSentMessages}`,
    help: METRIC_HELP.messagingSentMessages,
    labelNames: ['messaging_system', 'messaging_destination_name'],
    maxSeries,
  });
}

/**
 * The sending side of a Nest `ClientProxy`: a CLIENT span per request (`send`, named by its
 * pattern, `rpc.system`, `rpc.method`), a PRODUCER span per event (`emit`, named
 * `send <pattern>`, `messaging.operation.type=send`) counted in
 * `messaging_client_sent_messages_total{messaging_system,messaging_destination_name}`. The span
 * is active while the transport publishes, so the dispatch hook carries it to the handler.
 *
 * @internal
 */
export class MessageProducer {
  private readonly sent: CounterFamily;

  constructor(definition: ProducerDefinition) {
    this.sent = sentMessagesFamily(definition);
  }

  start(kind: MessageKind, system: string, pattern: string): OutgoingMessage {
    const parent = context.active();
    const span =
      kind === 'rpc'
        ? currentTracer().startSpan(
            pattern,
            { kind: SpanKind.CLIENT, attributes: { [RPC_SYSTEM]: system, [RPC_METHOD]: pattern } },
            parent,
          )
        : currentTracer().startSpan(
            `send ${pattern}`,
            {
              kind: SpanKind.PRODUCER,
              attributes: {
                [MESSAGING_SYSTEM]: system,
                [MESSAGING_DESTINATION_NAME]: pattern,
                [MESSAGING_OPERATION_TYPE]: 'send',
                [MESSAGING_OPERATION_NAME]: 'send',
              },
            },
            parent,
          );
    if (kind === 'event') this.sent.resolve([system, pattern]).inc();
    return { span, context: trace.setSpan(parent, span), ended: false };
  }

  end(message: OutgoingMessage, outcome: CallOutcome, error?: unknown): void {
    if (message.ended) return;
    message.ended = true;
    endOperationSpan(message.span, outcome, error);
  }
}
