import type { Observable } from 'rxjs';

/** What a Nest microservice server is to the adapter: its public methods only. @internal */
export interface ServerLike {
  readonly transportId?: unknown;
  addHandler: (
    this: ServerLike,
    pattern: unknown,
    callback: HandlerFunction,
    isEvent?: boolean,
    extras?: object,
  ) => void;
  getHandlers(): Map<string, unknown>;
  normalizePattern(pattern: unknown): string;
}

/** A handler as Nest registers it on a server. @internal */
export type HandlerFunction = ((...args: unknown[]) => unknown) & { next?: unknown };

/** A packet a client is about to hand to its transport. @internal */
export interface OutgoingPacket {
  pattern: unknown;
  data: unknown;
  metadata?: unknown;
}

/** What a Nest `ClientProxy` is to the adapter: its public methods only. @internal */
export interface ClientLike {
  send: (this: ClientLike, pattern: unknown, data: unknown) => Observable<unknown>;
  emit: (this: ClientLike, pattern: unknown, data: unknown) => Observable<unknown>;
  setOnDispatchHook?: (this: ClientLike, hook: (packet: OutgoingPacket) => void) => void;
}

type Constructor = abstract new (...args: never[]) => unknown;

/** The parts of `@nestjs/microservices` the adapters use, all exported by its entry point. @internal */
export interface MicroservicesPackage {
  readonly Server: { prototype: ServerLike };
  /** Overrides `addHandler` (gRPC routes by service and method); absent from other builds. */
  readonly ServerGrpc?: { prototype: ServerLike };
  readonly ClientProxy: { prototype: ClientLike };
  readonly Transport: Readonly<Record<number, string>>;
  readonly ClientTCP: Constructor;
  readonly ClientRedis: Constructor;
  readonly ClientNats: Constructor;
  readonly ClientRMQ: Constructor;
  readonly ClientMqtt: Constructor;
  readonly ClientKafka: Constructor;
  readonly ClientGrpcProxy: Constructor;
  readonly NatsRecord: new (
    data: unknown,
    headers?: unknown,
  ) => { data: unknown; headers?: unknown };
  readonly RmqRecord: new (
    data: unknown,
    options?: unknown,
  ) => { data: unknown; options?: unknown };
}
