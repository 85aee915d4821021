/** `rpc_system` / `messaging_system` of Nest's built-in transports (RabbitMQ by its own name). */
const SYSTEMS: Readonly<Record<string, string>> = {
  TCP: 'tcp',
  REDIS: 'redis',
  NATS: 'nats',
  MQTT: 'mqtt',
  GRPC: 'grpc',
  RMQ: 'rabbitmq',
  KAFKA: 'kafka',
};

const CUSTOM_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * The system name of a Nest transport id: `tcp`, `redis`, `nats`, `mqtt`, `grpc`, `rabbitmq`,
 * `kafka` for the built-in ones (`transportNames` is Nest's `Transport` enum), a custom
 * strategy's symbol description when it is a short snake_case word, else `custom`.
 *
 * @internal
 */
export function transportSystem(
  transportId: unknown,
  transportNames: Readonly<Record<number, string>>,
): string {
  if (typeof transportId === 'number') {
    return SYSTEMS[transportNames[transportId] ?? ''] ?? 'custom';
  }
  if (typeof transportId === 'symbol') {
    const name = transportId.description?.toLowerCase() ?? '';
    return CUSTOM_NAME.test(name) ? name : 'custom';
  }
  return 'custom';
}

/** The longest pattern kept as a span name or label value. */
const MAX_PATTERN_LENGTH = 128;

/**
 * A pattern as Nest routes it (`normalize` is Nest's own), cut to 128 characters.
 *
 * @internal
 */
export function patternName(pattern: unknown, normalize: (pattern: unknown) => unknown): string {
  let name: unknown;
  try {
    name = normalize(pattern);
  } catch {
    name = undefined;
  }
  return typeof name === 'string' ? name.slice(0, MAX_PATTERN_LENGTH) : 'unserializable';
}
