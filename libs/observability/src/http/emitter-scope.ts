import { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '@opentelemetry/api';
import { context } from '@opentelemetry/api';

/**
 * The scope a request's or response's events run in. Registered symbols (`Symbol.for`), so that
 * two copies of the library in one process (a bundled one and an installed one) share one `emit`
 * and each one's scopes apply.
 */
const SCOPE = Symbol.for('nestjs-observability.event-scope');
const INSTALLED = Symbol.for('nestjs-observability.event-scope.installed');

type Scoped = { [SCOPE]?: Context };
type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

function scopedEmit(original: Emit): Emit {
  return function emit(this: Scoped) {
    const scope = this[SCOPE];
    // `arguments` is handed on as it came, without the copy a rest parameter makes per event.
    // eslint-disable-next-line prefer-rest-params
    if (scope === undefined) return Reflect.apply(original, this, arguments) as boolean;
    // eslint-disable-next-line prefer-rest-params
    return context.with(scope, Reflect.apply, undefined, original, this, arguments) as boolean;
  } as Emit;
}

/**
 * Runs every event of this request and its response (body chunks, `end`, `finish`, `close`,
 * `error`) in `scope`, the request's context: a body that arrives after the headers, a middleware
 * that reads it with plain `on('data')`, and `finish` listeners stay in the request's trace and
 * carry its ids in their log lines. (Express's and Fastify's own body parsers carry the context
 * themselves; what they call later does not always.)
 *
 * Why not OpenTelemetry's `context.bind(scope, emitter)`, which the http instrumentation uses: it
 * gives each request and response eight methods and a listener map of their own and wraps every
 * listener added to them, which cost 15-70 µs of CPU per request in `npm run bench:http`
 * (docs/benchmarks.md). Here each object gets one symbol-keyed field, and `installEmitterScopes`
 * puts one `emit` on Node's two prototypes that runs the listeners in the field's scope; objects
 * without the field (client responses, requests the SDK does not observe) pass straight through.
 *
 * @internal
 */
export function runEventsIn(scope: Context, req: IncomingMessage, res: ServerResponse): void {
  (req as Scoped)[SCOPE] = scope;
  (res as Scoped)[SCOPE] = scope;
}

/**
 * Puts the scoped `emit` of `runEventsIn` on `http.IncomingMessage` and `http.ServerResponse`,
 * once per process (a design choice: it patches two of Node's public prototypes, the way
 * OpenTelemetry's instrumentations patch `http.Server`; nothing private is touched, and it is a
 * pass-through for every object not given a scope).
 *
 * @internal
 */
export function installEmitterScopes(): void {
  for (const proto of [IncomingMessage.prototype, ServerResponse.prototype]) {
    const target = proto as unknown as { emit: Emit; [INSTALLED]?: true };
    if (Object.prototype.hasOwnProperty.call(target, INSTALLED)) continue;
    target.emit = scopedEmit(target.emit);
    target[INSTALLED] = true;
  }
}
