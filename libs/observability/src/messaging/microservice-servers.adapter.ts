import { context } from '@opentelemetry/api';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import type { GrpcCallSite } from './grpc-calls';
import { grpcCallSites, grpcMethodName } from './grpc-calls';
import type { HandlerSite } from './message-exchange';
import type { MessagePipeline } from './message-pipeline';
import type { HandlerFunction, MicroservicesPackage, ServerLike } from './microservices-package';
import { settleHandlerResult } from './settle-result';
import { patternName, transportSystem } from './transport-systems';
import { InstalledValue } from '../support/installed-value';

const PATCHED = Symbol.for('nestjs-observability.microservice-servers');

/**
 * The pipeline every handled message goes through (none: handlers run as registered). Handlers
 * are wrapped when Nest registers them, which can be before the module starts: each call reads
 * the pipeline in place then.
 *
 * @internal
 */
export const MESSAGE_PIPELINE = new InstalledValue<MessagePipeline>();

/** Where one call of a handler is handled, and what carries its caller's context. */
type CallSites = (args: ArrayLike<unknown>) => GrpcCallSite;

/**
 * `handler` seen through the pipeline: every call opens the message's scope, runs the handler
 * in it, and ends it when the handler's work ends. Later handlers of the same event pattern,
 * which Nest chains behind the first through its `next` property, are reached through it.
 * `sites` names each call (Nest's context, the handler's second argument, carries the caller's
 * context on every transport but gRPC, where the call's metadata does).
 */
function wrapHandler(sites: CallSites, handler: HandlerFunction): HandlerFunction {
  const wrapped = function (this: unknown): unknown {
    // eslint-disable-next-line prefer-rest-params
    const args = arguments;
    const current = MESSAGE_PIPELINE.current;
    if (current === undefined) return Reflect.apply(handler, this, args);
    let exchange;
    let site: HandlerSite | undefined;
    try {
      const located = sites(args);
      site = located.site;
      exchange = current.start(site, located.carrier);
    } catch (error) {
      reportInstrumentationFailure(site?.pattern ?? 'microservice handler', 'start-call', error);
      return Reflect.apply(handler, this, args);
    }
    const scope = exchange.context;
    const finish = (outcome: 'success' | 'error' | 'cancelled', error?: unknown) =>
      current.end(exchange, outcome, error);
    let result: unknown;
    try {
      result = context.with(scope, () => Reflect.apply(handler, this, args) as unknown);
    } catch (error) {
      finish('error', error);
      throw error;
    }
    return settleHandlerResult(result, scope, finish);
  } as HandlerFunction;
  Object.defineProperty(wrapped, 'next', {
    get: () => handler.next,
    set: (value: unknown) => (handler.next = value),
    configurable: true,
  });
  return wrapped;
}

/** The sites of a handler registered under `pattern` on `server`, or none for a chained one. */
function callSitesOf(
  server: ServerLike,
  pattern: unknown,
  isEvent: boolean,
  transportNames: MicroservicesPackage['Transport'],
): CallSites | undefined {
  const system = transportSystem(server.transportId, transportNames);
  const kind = isEvent ? 'event' : 'rpc';
  if (system === 'grpc') return grpcCallSites({ kind, system, pattern: grpcMethodName(pattern) });
  const name = patternName(pattern, (p) => server.normalizePattern(p));
  if (isEvent && server.getHandlers().has(name)) return undefined;
  const site: HandlerSite = { kind, system, pattern: name };
  return (args) => ({ site, carrier: args[1] });
}

/**
 * Wraps the handlers `prototype`'s own `addHandler` registers. Idempotent (the mark is its own: a
 * subclass's prototype inherits its parent's).
 */
function patchAddHandler(
  prototype: ServerLike,
  transportNames: MicroservicesPackage['Transport'],
): void {
  if (Object.hasOwn(prototype, PATCHED)) return;
  const original = prototype.addHandler;
  prototype.addHandler = function (this: ServerLike, pattern, callback, isEvent = false, extras) {
    if (typeof callback !== 'function') {
      return original.call(this, pattern, callback, isEvent, extras);
    }
    let handler = callback;
    try {
      const sites = callSitesOf(this, pattern, isEvent, transportNames);
      if (sites !== undefined) handler = wrapHandler(sites, callback);
    } catch (error) {
      reportInstrumentationFailure('@nestjs/microservices Server.addHandler', 'start-call', error);
    }
    return original.call(this, pattern, handler, isEvent, extras);
  };
  Object.defineProperty(prototype, PATCHED, { value: true });
}

/**
 * Wraps every handler a Nest microservice server registers (`@MessagePattern`, `@EventPattern`
 * and `@GrpcMethod` methods, on every transport) through `Server#addHandler`, the public method
 * Nest's listeners call at startup, and `ServerGrpc#addHandler`, its gRPC override: the pattern,
 * the transport and the handler's kind are read once there. The first handler of a pattern is
 * wrapped; further event handlers of the same pattern run inside it (one span per message).
 * Idempotent.
 *
 * @internal
 */
export function patchServerHandlers(microservices: MicroservicesPackage): void {
  const transportNames = microservices.Transport;
  patchAddHandler(microservices.Server.prototype, transportNames);
  const grpc = microservices.ServerGrpc?.prototype;
  if (grpc !== undefined && Object.hasOwn(grpc, 'addHandler')) {
    patchAddHandler(grpc, transportNames);
  }
}
