import type { MicroservicesPackage, OutgoingPacket } from './microservices-package';
import { activeTraceFields } from './trace-carriers';

/** Where a client's transport carries the trace fields of the packets it sends. */
export type CarrierKind = 'envelope' | 'nats-headers' | 'amqp-headers';

type NatsHeaders = { set(key: string, value: string): void };

/** Sets `packet[key]` without making it part of the JSON the transport writes. */
function hide(packet: OutgoingPacket, key: string, value: unknown): void {
  Object.defineProperty(packet, key, {
    value,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/**
 * Writes the active trace context into `packet` where the server will read it:
 * - `nats-headers`: NATS message headers (the packet's `headers`, which Nest's NATS serializer
 *   turns into the message's headers), unless the data is a `NatsRecord` with headers of its own;
 * - `amqp-headers`: AMQP message headers (the packet's `options.headers`, which Nest's RabbitMQ
 *   client publishes with), unless the data is an `RmqRecord` with options of its own;
 * - `envelope` (TCP, Redis, which have no headers): the packet's `metadata`, merged with what the
 *   application's own dispatch hook put there.
 * Nothing is written when no span is active, and the application's `data` is never touched.
 *
 * @internal
 */
export function injectTraceFields(
  packet: OutgoingPacket,
  kind: CarrierKind,
  microservices: MicroservicesPackage,
  natsHeaders: () => NatsHeaders,
): void {
  const fields = activeTraceFields();
  if (Object.keys(fields).length === 0) return;
  if (kind === 'nats-headers') {
    if (packet.data instanceof microservices.NatsRecord) return;
    const headers = natsHeaders();
    for (const [name, value] of Object.entries(fields)) headers.set(name, value);
    hide(packet, 'headers', headers);
  } else if (kind === 'amqp-headers') {
    if (packet.data instanceof microservices.RmqRecord) return;
    hide(packet, 'options', { headers: fields });
  } else {
    const own = packet.metadata;
    packet.metadata =
      typeof own === 'object' && own !== null && !Array.isArray(own)
        ? { ...own, ...fields }
        : fields;
  }
}
