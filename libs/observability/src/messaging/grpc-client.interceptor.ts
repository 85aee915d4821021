import { propagation } from '@opentelemetry/api';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import type { CallOutcome } from '../instrument/call';
import { OPTIONAL_FEATURES } from '../messages/messages';
import { loadOptionalPackage } from '../support/optional-package';
import { grpcMethodOfPath } from './grpc-calls';
import { MESSAGE_PRODUCER } from './microservice-clients.adapter';
import type { OutgoingMessage } from './message-producer';
import { RPC_GRPC_STATUS_CODE } from '../naming/semantic-attributes';

/**
 * What grpc-js hands a client interceptor about the call (its `InterceptorOptions`): the part
 * read.
 *
 * @publicApi
 */
export interface GrpcInterceptorOptions {
  /** The method called; its `path` is `/<package.Service>/<Method>`. */
  readonly method_definition?: { readonly path?: string };
}

/**
 * A grpc-js client interceptor (grpc-js's `Interceptor`), for a client's `interceptors` option:
 * Nest forwards `channelOptions` to the grpc-js client it creates.
 *
 * @publicApi
 */
export type GrpcClientInterceptor = (
  options: GrpcInterceptorOptions,
  nextCall: (options: never) => unknown,
) => unknown;

/** A call's `Metadata`: the methods used here. */
interface MetadataLike {
  get(key: string): unknown[];
  set(key: string, value: string): void;
}

interface StatusLike {
  readonly code?: number;
}

/** The parts of grpc-js's `InterceptingCall` requester and listener used here. */
interface Requester {
  start(
    metadata: MetadataLike,
    listener: unknown,
    next: (
      metadata: MetadataLike,
      listener: { onReceiveStatus(status: StatusLike, next: (status: StatusLike) => void): void },
    ) => void,
  ): void;
}

interface GrpcPackage {
  readonly InterceptingCall: new (nextCall: unknown, requester: Requester) => unknown;
}

const OK = 0;
const CANCELLED = 1;

function outcomeOf(code: number | undefined): CallOutcome {
  if (code === OK) return 'success';
  return code === CANCELLED ? 'cancelled' : 'error';
}

/** Writes the context's trace fields the application did not set itself into `metadata`. */
function injectInto(message: OutgoingMessage, metadata: MetadataLike): void {
  const fields: Record<string, string> = {};
  propagation.inject(message.context, fields);
  for (const [key, value] of Object.entries(fields)) {
    if (metadata.get(key).length === 0) metadata.set(key, value);
  }
}

/**
 * A grpc-js client interceptor that gives every call a CLIENT span named
 * `<package.Service>/<Method>` (`rpc.system=grpc`, `rpc.method`, `rpc.grpc.status_code`; status
 * ERROR on a non-OK status, a `cancelled` event when the caller cancels) and writes its W3C trace
 * context (`traceparent`, `tracestate`, `baggage`) into the call's metadata, so the server (this
 * SDK's or any other OpenTelemetry one) continues the caller's trace. Trace fields the
 * application put in the metadata itself are kept. Unary and streaming calls alike; until
 * `ObservabilityModule` has started (and after it stops) calls pass through untouched.
 *
 * Nest's `ClientGrpc` offers no hook of its own for this: pass the interceptor in the client's
 * `channelOptions`, which Nest hands to the grpc-js client (a plain grpc-js client takes it in
 * its `interceptors` option the same way). Needs `@grpc/grpc-js`, which a gRPC client has.
 *
 * @publicApi
 * @example
 * const channelOptions = { interceptors: [grpcClientInterceptor()] };
 * const options = { package: 'hero', protoPath, channelOptions };
 * ClientsModule.register([{ name: 'HERO', transport: Transport.GRPC, options }]);
 */
export function grpcClientInterceptor(): GrpcClientInterceptor {
  const { InterceptingCall } = loadOptionalPackage<GrpcPackage>(
    '@grpc/grpc-js',
    OPTIONAL_FEATURES.microservices,
  );
  return (options, nextCall) => {
    const next = nextCall(options as never);
    const producer = MESSAGE_PRODUCER.current;
    if (producer === undefined) return next;
    const method = grpcMethodOfPath(options.method_definition?.path) ?? 'unknown';
    return new InterceptingCall(next, {
      start(metadata, _listener, proceed) {
        let message: OutgoingMessage | undefined;
        try {
          message = producer.start('rpc', 'grpc', method);
          injectInto(message, metadata);
        } catch (error) {
          reportInstrumentationFailure(method, 'start-span', error);
        }
        proceed(metadata, {
          onReceiveStatus(status, forward) {
            if (message !== undefined) {
              try {
                message.span.setAttribute(RPC_GRPC_STATUS_CODE, status.code ?? -1);
                producer.end(message, outcomeOf(status.code), status);
              } catch (error) {
                reportInstrumentationFailure(method, 'end-span', error);
              }
            }
            forward(status);
          },
        });
      },
    });
  };
}
