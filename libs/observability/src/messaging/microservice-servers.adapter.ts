import { context } from '@opentelemetry/api';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import type { HandlerSite } from './message-exchange';
import type { MessagePipeline } from './message-pipeline';
import type { HandlerFunction, MicroservicesPackage, ServerLike } from './microservices-package';
import { settleHandlerResult } from './settle-result';
import { patternName, transportSystem } from './transport-systems';

const PATCHED = Symbol.for('nestjs-observability.microservice-servers');

let pipeline: MessagePipeline | undefined;

/**
 * The pipeline every handled message goes through from now on (`undefined`: none, handlers run
 * as registered). Handlers are wrapped when Nest registers them, which can be before the module
 * starts: each call reads the pipeline in place then.
 *
 * @internal
 */
export function useMessagePipeline(next: MessagePipeline | undefined): void {
  pipeline = next;
}

/** The pipeline in place, if any. @internal */
export function messagePipelineInUse(): MessagePipeline | undefined {
  return pipeline;
}

/**
 * `handler` seen through the pipeline: every call opens the message's scope, runs the handler
 * in it, and ends it when the handler's work ends. Later handlers of the same event pattern,
 * which Nest chains behind the first through its `next` property, are reached through it.
 */
function wrapHandler(site: HandlerSite, handler: HandlerFunction): HandlerFunction {
  const wrapped = function (this: unknown): unknown {
    // eslint-disable-next-line prefer-rest-params
    const args = arguments;
    const current = pipeline;
    if (current === undefined) return Reflect.apply(handler, this, args);
    let exchange;
    try {
      exchange = current.start(site, args[1]);
    } catch (error) {
      reportInstrumentationFailure(site.pattern, 'start-call', error);
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

/**
 * Wraps every handler a Nest microservice server registers (`@MessagePattern` and
 * `@EventPattern` methods, on every transport) through `Server#addHandler`, the public method
 * Nest's listeners call at startup: the pattern, the transport and the handler's kind are read
 * once there. The first handler of a pattern is wrapped; further event handlers of the same
 * pattern run inside it (one span per message). Idempotent.
 *
 * @internal
 */
export function patchServerHandlers(microservices: MicroservicesPackage): void {
  const prototype = microservices.Server.prototype as ServerLike & { [PATCHED]?: true };
  if (prototype[PATCHED] === true) return;
  const original = prototype.addHandler;
  const transportNames = microservices.Transport;
  prototype.addHandler = function (this: ServerLike, pattern, callback, isEvent = false, extras) {
    if (typeof callback !== 'function') {
      return original.call(this, pattern, callback, isEvent, extras);
    }
    let handler = callback;
    try {
      const name = patternName(pattern, (p) => this.normalizePattern(p));
      const chained = isEvent && this.getHandlers().has(name);
      if (!chained) {
        const site: HandlerSite = {
          kind: isEvent ? 'event' : 'rpc',
          system: transportSystem(this.transportId, transportNames),
          pattern: name,
        };
        handler = wrapHandler(site, callback);
      }
    } catch (error) {
      reportInstrumentationFailure('@nestjs/microservices Server.addHandler', 'start-call', error);
    }
    return original.call(this, pattern, handler, isEvent, extras);
  };
  Object.defineProperty(prototype, PATCHED, { value: true });
}
