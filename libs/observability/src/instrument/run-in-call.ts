import { context } from '@opentelemetry/api';
import type { CallRecord } from './call-record';

/** Any function; the engine never looks at its types. @internal */
export type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Runs `original` in the context of `call` (its span active, when it has one).
 *
 * @internal
 */
export function runInCall(
  call: CallRecord,
  original: AnyFunction,
  thisArg: unknown,
  args: ArrayLike<unknown>,
): unknown {
  if (call.context === call.parentContext) return Reflect.apply(original, thisArg, args);
  return context.with(call.context, Reflect.apply, undefined, original, thisArg, args);
}
