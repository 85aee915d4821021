import type { MicroservicesPackage, OutgoingPacket } from './microservices-package';
import { activeTraceFields } from './trace-carriers';

/** Where a client's transport carries the trace fields of the packets it sends. */
export type CarrierKind = 'envelope' | 'nats-headers' | 'amqp-headers';

/** NATS message headers (`MsgHdrs`): the methods used here. */
export interface NatsHeaders {
  set(key: string, value: string): void;
  append(key: string, value: string): void;
  has(key: string): boolean;
  keys(): string[];
  values(key: string): string[];
}

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
 * A copy of the application's NATS headers (`own`, when they are headers) with the trace
 * `fields` it does not set itself: an application's own `traceparent` is kept.
 */
function natsHeadersWith(
  own: unknown,
  fields: Record<string, string>,
  create: () => NatsHeaders,
): NatsHeaders {
  const headers = create();
  const source = own as Partial<NatsHeaders> | null | undefined;
  if (typeof source?.keys === 'function' && typeof source.values === 'function') {
    for (const key of source.keys())
      for (const value of source.values(key)) headers.append(key, value);
  }
  for (const [name, value] of Object.entries(fields)) {
    if (!headers.has(name)) headers.set(name, value);
  }
  return headers;
}

/** The application's AMQP publish options (`own`) with the trace `fields` its headers lack. */
function amqpOptionsWith(own: unknown, fields: Record<string, string>): Record<string, unknown> {
  const options = typeof own === 'object' && own !== null ? (own as Record<string, unknown>) : {};
  const headers = options.headers;
  const ownHeaders =
    typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>) : {};
  return { ...options, headers: { ...fields, ...ownHeaders } };
}

/**
 * Writes the active trace context into `packet` where the server will read it:
 * - `nats-headers`: NATS message headers (the packet's `headers`, which Nest's NATS serializer
 *   turns into the message's headers); for a `NatsRecord`, a copy of the record with the trace
 *   fields added to a copy of its own headers;
 * - `amqp-headers`: AMQP message headers (the packet's `options.headers`, which Nest's RabbitMQ
 *   client publishes with); for an `RmqRecord`, a copy of the record whose options keep all of
 *   the application's own (headers, priority, ids, ...) with the trace fields added;
 * - `envelope` (TCP, Redis, MQTT: no per-message headers a Nest client sets): the packet's
 *   `metadata`, merged with what the application's own dispatch hook put there.
 * A trace field the application set itself is kept. Nothing is written when no span is active,
 * the application's records are never modified, and the data the handler receives is the same.
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
  const { NatsRecord, RmqRecord } = microservices;
  if (kind === 'nats-headers') {
    const record = packet.data;
    if (record instanceof NatsRecord) {
      packet.data = new NatsRecord(
        record.data,
        natsHeadersWith(record.headers, fields, natsHeaders),
      );
    } else {
      hide(packet, 'headers', natsHeadersWith(undefined, fields, natsHeaders));
    }
  } else if (kind === 'amqp-headers') {
    const record = packet.data;
    if (record instanceof RmqRecord) {
      packet.data = new RmqRecord(record.data, amqpOptionsWith(record.options, fields));
    } else {
      hide(packet, 'options', amqpOptionsWith(undefined, fields));
    }
  } else {
    const own = packet.metadata;
    packet.metadata =
      typeof own === 'object' && own !== null && !Array.isArray(own)
        ? { ...fields, ...own }
        : fields;
  }
}
