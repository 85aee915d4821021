import { context } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import { OPTIONAL_FEATURES } from '../messages/messages';
import { loadOptionalPackage } from '../support/optional-package';
import type { CarrierKind, NatsHeaders } from './dispatch-injection';
import { injectTraceFields } from './dispatch-injection';
import type { MessageProducer } from './message-producer';
import type { ClientLike, MicroservicesPackage, OutgoingPacket } from './microservices-package';
import { observeInScope } from './settle-result';
import { patternName } from './transport-systems';
import { InstalledValue } from '../support/installed-value';

const PATCHED = Symbol.for('nestjs-observability.microservice-clients');

type Hook = (packet: OutgoingPacket) => void;

/**
 * The producer every client's `send` and `emit` goes through (none: the clients work as
 * installed).
 *
 * @internal
 */
export const MESSAGE_PRODUCER = new InstalledValue<MessageProducer>();

interface ClientTransport {
  readonly system: string;
  readonly carrier: CarrierKind | undefined;
}

/** Each built-in client's system and where it carries the trace context. */
function clientTransports(
  ms: MicroservicesPackage,
): [abstract new (...a: never[]) => unknown, ClientTransport][] {
  return [
    [ms.ClientTCP, { system: 'tcp', carrier: 'envelope' }],
    [ms.ClientRedis, { system: 'redis', carrier: 'envelope' }],
    [ms.ClientNats, { system: 'nats', carrier: 'nats-headers' }],
    [ms.ClientRMQ, { system: 'rabbitmq', carrier: 'amqp-headers' }],
    [ms.ClientMqtt, { system: 'mqtt', carrier: 'envelope' }],
    [ms.ClientKafka, { system: 'kafka', carrier: undefined }],
    [ms.ClientGrpcProxy, { system: 'grpc', carrier: undefined }],
  ];
}

/**
 * Gives every Nest `ClientProxy` a CLIENT span per `send` (request-reply) and a PRODUCER span per
 * `emit` (event), and carries the span's context to the handler through the client's dispatch
 * hook (`setOnDispatchHook`, Nest's public hook for it; an application's own hook still runs,
 * first). TCP, Redis and MQTT carry it in the envelope, NATS and RabbitMQ in the message headers;
 * Kafka clients get their spans but no propagation yet. (Nest's gRPC client answers neither:
 * its calls go through `grpcClientInterceptor`.) Patches the public
 * `send`, `emit` and `setOnDispatchHook` of `ClientProxy` once. Idempotent.
 *
 * @internal
 */
export function patchClients(ms: MicroservicesPackage): void {
  const prototype = ms.ClientProxy.prototype as ClientLike & { [PATCHED]?: true };
  if (prototype[PATCHED] === true) return;
  const { send, emit, setOnDispatchHook } = prototype;
  const transports = clientTransports(ms);
  const described = new WeakMap<object, ClientTransport>();
  const ownHooks = new WeakMap<object, Hook>();
  const hooked = new WeakSet<object>();
  let natsHeaders: (() => NatsHeaders) | undefined;
  const loadNatsHeaders = () =>
    (natsHeaders ??= loadOptionalPackage<{ headers: () => NatsHeaders }>(
      '@nats-io/transport-node',
      OPTIONAL_FEATURES.microservices,
    ).headers)();
  const normalize = (pattern: unknown) => ms.Server.prototype.normalizePattern(pattern);

  const transportOf = (client: object): ClientTransport => {
    let found = described.get(client.constructor);
    if (found === undefined) {
      found = transports.find(([type]) => client instanceof type)?.[1] ?? {
        system: 'custom',
        carrier: 'envelope',
      };
      described.set(client.constructor, found);
    }
    return found;
  };
  const hookOnce = (client: ClientLike): void => {
    if (hooked.has(client) || typeof setOnDispatchHook !== 'function') return;
    hooked.add(client);
    const { carrier } = transportOf(client);
    setOnDispatchHook.call(client, (packet: OutgoingPacket) => {
      ownHooks.get(client)?.(packet);
      if (carrier === undefined) return;
      try {
        injectTraceFields(packet, carrier, ms, loadNatsHeaders);
      } catch (error) {
        reportInstrumentationFailure('ClientProxy dispatch', 'start-span', error);
      }
    });
  };

  prototype.send = function (this: ClientLike, pattern: unknown, data: unknown) {
    const current = MESSAGE_PRODUCER.current;
    if (current === undefined) return send.call(this, pattern, data);
    hookOnce(this);
    const source = send.call(this, pattern, data);
    const { system } = transportOf(this);
    const name = patternName(pattern, normalize);
    return new Observable<unknown>((subscriber) => {
      const message = current.start('rpc', system, name);
      return observeInScope(source, message.context, (outcome, error) =>
        current.end(message, outcome, error),
      ).subscribe(subscriber);
    });
  };

  prototype.emit = function (this: ClientLike, pattern: unknown, data: unknown) {
    const current = MESSAGE_PRODUCER.current;
    if (current === undefined) return emit.call(this, pattern, data);
    hookOnce(this);
    const message = current.start(
      'event',
      transportOf(this).system,
      patternName(pattern, normalize),
    );
    let result: Observable<unknown>;
    try {
      result = context.with(message.context, () => emit.call(this, pattern, data));
    } catch (error) {
      current.end(message, 'error', error);
      throw error;
    }
    // Nest's emit is hot (it dispatches now): the span ends when the dispatch settles.
    result.subscribe({
      error: (error: unknown) => current.end(message, 'error', error),
      complete: () => current.end(message, 'success'),
    });
    return result;
  };

  if (typeof setOnDispatchHook === 'function') {
    prototype.setOnDispatchHook = function (this: ClientLike, hook: Hook) {
      ownHooks.set(this, hook);
      if (MESSAGE_PRODUCER.current === undefined && !hooked.has(this))
        setOnDispatchHook.call(this, hook);
      else hookOnce(this);
    };
  }
  Object.defineProperty(prototype, PATCHED, { value: true });
}
