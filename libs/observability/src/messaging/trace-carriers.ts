import { randomUUID } from 'node:crypto';
import type { Context, TextMapGetter } from '@opentelemetry/api';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { isPlainToken } from '../context/operation-context';

/** Reads one field of a transport's carrier: a string, or nothing. */
type Lookup = (key: string) => string | undefined;

/** The longest carried value read: a W3C `traceparent` is 55 characters, `baggage` at most 8192. */
const MAX_VALUE_LENGTH = 8192;

const LOOKUP_GETTER: TextMapGetter<Lookup> = {
  get: (lookup, key) => lookup(key),
  // The W3C and baggage propagators read their fields by name; nothing is listed.
  keys: () => [],
};

function bounded(value: unknown): string | undefined {
  if (Buffer.isBuffer(value)) value = value.toString('latin1');
  return typeof value === 'string' && value.length <= MAX_VALUE_LENGTH ? value : undefined;
}

/** A plain object's own string field (a caller's envelope or AMQP headers: anything may be there). */
function objectLookup(carrier: unknown): Lookup | undefined {
  if (typeof carrier !== 'object' || carrier === null || Array.isArray(carrier)) return undefined;
  const fields = carrier as Record<string, unknown>;
  return (key) => (Object.hasOwn(fields, key) ? bounded(fields[key]) : undefined);
}

/**
 * A field whose values `all` lists (every copy sent), read as HTTP reads a repeated header: its
 * values joined by `, `. A repeated `traceparent` is then invalid (a fresh trace, as over HTTP)
 * instead of whichever copy comes first; repeated `tracestate` or `baggage` entries combine.
 */
function repeatedLookup(carrier: unknown, all: (key: string) => unknown): Lookup {
  return (key) => {
    const values: unknown = Reflect.apply(all, carrier, [key]);
    if (!Array.isArray(values) || values.length === 0) return undefined;
    return bounded(values.length === 1 ? values[0] : values.join(', ')) || undefined;
  };
}

/** NATS message headers (`MsgHdrs`): every copy of a header from `values(key)`. */
function natsLookup(carrier: unknown): Lookup | undefined {
  const headers = carrier as
    { get?: unknown; values?: (key: string) => unknown } | null | undefined;
  const { get, values } = headers ?? {};
  if (typeof values === 'function') return repeatedLookup(carrier, values);
  if (typeof get !== 'function') return undefined;
  return (key) => bounded(Reflect.apply(get, carrier, [key])) || undefined;
}

/** A gRPC call's `Metadata`: `get(key)` lists every value sent under the key. */
function grpcLookup(carrier: unknown): Lookup | undefined {
  const get = (carrier as { get?: (key: string) => unknown } | null | undefined)?.get;
  return typeof get === 'function' ? repeatedLookup(carrier, get) : undefined;
}

/**
 * The largest MQTT payload read a second time for its envelope's `metadata`: Nest parses the
 * envelope but hands the handler only the raw packet, so the trace fields are parsed again from
 * it. Larger messages start a new trace rather than pay a second parse of their whole payload.
 */
const MAX_MQTT_ENVELOPE_BYTES = 64 * 1024;
const METADATA_FIELD = Buffer.from('"metadata"');

/** The `metadata` of the JSON envelope in an MQTT payload, if it has one. */
function envelopeMetadata(payload: unknown): unknown {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  if (!Buffer.isBuffer(bytes) || bytes.length > MAX_MQTT_ENVELOPE_BYTES) return undefined;
  if (bytes.indexOf(METADATA_FIELD) === -1) return undefined;
  try {
    return (JSON.parse(bytes.toString('utf8')) as { metadata?: unknown } | null)?.metadata;
  } catch {
    return undefined;
  }
}

/**
 * An MQTT packet's trace fields: MQTT 5 user properties (a message's headers: a producer outside
 * Nest puts them there; a repeated one is joined as HTTP joins headers), else the `metadata` of
 * Nest's envelope, where the SDK's client writes them (MQTT 3.1.1 has no headers).
 */
function mqttLookup(packet: unknown): Lookup | undefined {
  const { payload, properties } = (packet ?? {}) as {
    payload?: unknown;
    properties?: { userProperties?: unknown };
  };
  const user = properties?.userProperties;
  if (typeof user === 'object' && user !== null && Object.hasOwn(user, 'traceparent')) {
    const fields = user as Record<string, unknown>;
    // mqtt.js gives a property sent once as a string, sent more than once as a list.
    return repeatedLookup(fields, (key) =>
      Object.hasOwn(fields, key) ? [fields[key]].flat() : [],
    );
  }
  return objectLookup(envelopeMetadata(payload));
}

interface RpcContextLike {
  getHeaders?(): unknown;
  getMetadata?(): unknown;
  getPacket?(): unknown;
  getMessage?(): {
    properties?: { headers?: unknown; messageId?: unknown; correlationId?: unknown };
  };
}

/**
 * Where a transport's server finds the caller's trace context in what Nest hands the handler:
 * NATS and RabbitMQ in the message's headers, gRPC in the call's metadata, MQTT in its user
 * properties or its envelope, TCP and Redis (which have none) in the message envelope's
 * `metadata` (what the client's dispatch hook wrote there).
 */
function lookupOf(system: string, rpcContext: unknown): Lookup | undefined {
  const ctx = rpcContext as RpcContextLike | undefined;
  if (ctx === undefined || ctx === null) return undefined;
  if (system === 'grpc') return grpcLookup(ctx);
  if (system === 'nats' && typeof ctx.getHeaders === 'function')
    return natsLookup(ctx.getHeaders());
  if (system === 'rabbitmq' && typeof ctx.getMessage === 'function') {
    return objectLookup(ctx.getMessage()?.properties?.headers);
  }
  if (system === 'mqtt' && typeof ctx.getPacket === 'function') return mqttLookup(ctx.getPacket());
  if (typeof ctx.getMetadata === 'function') return objectLookup(ctx.getMetadata());
  return undefined;
}

/**
 * The caller's context of a message handled by a `system` server: its W3C trace context and
 * baggage from the transport's headers or envelope, on a fresh root (a consumer never continues
 * whatever happened to be active when the broker's connection was opened). A missing, malformed
 * or oversized value is ignored, as the propagators ignore a bad HTTP header: the message starts
 * a new trace.
 *
 * @internal
 */
export function callerContextOf(system: string, rpcContext: unknown): Context {
  const lookup = lookupOf(system, rpcContext);
  return lookup === undefined
    ? ROOT_CONTEXT
    : propagation.extract(ROOT_CONTEXT, lookup, LOOKUP_GETTER);
}

/**
 * The message's id in the logs: the AMQP `messageId` (or `correlationId`) when it is a plain
 * token of at most 128 characters, else a new UUID (the other transports give the handler none).
 *
 * @internal
 */
export function messageIdOf(system: string, rpcContext: unknown): string {
  if (system === 'rabbitmq') {
    const properties = (rpcContext as RpcContextLike | undefined)?.getMessage?.()?.properties;
    for (const id of [properties?.messageId, properties?.correlationId]) {
      if (isPlainToken(id)) return id;
    }
  }
  return randomUUID();
}

/**
 * The active context's trace fields (`traceparent`, `tracestate`, `baggage`), as the configured
 * propagators write them, in a new plain object; empty when no span is active.
 *
 * @internal
 */
export function activeTraceFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  propagation.inject(context.active(), fields);
  return fields;
}
