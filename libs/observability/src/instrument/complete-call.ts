import type { Observable } from 'rxjs';
import { isObservable } from 'rxjs';
import type { CallRecord } from './call-record';
import { reportInstrumentationFailure } from './failure-reporter';
import type { AnyGenerator } from './generator-result';
import { isGeneratorObject, observeGenerator } from './generator-result';
import type { MethodInstrumentation } from './method-instrumentation';
import { observeObservable } from './observable-result';
import { observeThenable, settleWithPromise } from './thenable-result';

/**
 * Ends `call` when the work behind `result` ends and returns what the caller should get:
 * - a plain value: ends now, returns it;
 * - a native Promise: a Promise of the same class settling with the same value or error object;
 * - another thenable: the same object, whose first `then` is observed (a lazy thenable such as a
 *   query builder is not run early);
 * - an Observable: one that subscribes to it once per subscriber and measures each subscription;
 * - a generator: one that measures the iteration until it returns, throws or is left early.
 *
 * @internal
 */
export function completeCall(
  plan: MethodInstrumentation,
  call: CallRecord,
  result: unknown,
): unknown {
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
    plan.end(call, 'success', result);
    return result;
  }
  if (result instanceof Promise) return settleWithPromise(plan, call, result);
  let shape: 'thenable' | 'observable' | 'generator' | 'plain';
  try {
    shape = shapeOf(result);
  } catch (error) {
    // A hostile object (a Proxy whose traps throw): measure it as a plain value.
    reportInstrumentationFailure(plan.site.qualifiedName, 'inspect-result', error);
    shape = 'plain';
  }
  switch (shape) {
    case 'thenable':
      return observeThenable(plan, call, result as PromiseLike<unknown>);
    case 'observable':
      return observeObservable(plan, call, result as Observable<unknown>);
    case 'generator':
      return observeGenerator(plan, () => call, result as AnyGenerator, true);
    default:
      plan.end(call, 'success', result);
      return result;
  }
}

function shapeOf(result: object): 'thenable' | 'observable' | 'generator' | 'plain' {
  if (typeof (result as { then?: unknown }).then === 'function') return 'thenable';
  if (isObservable(result)) return 'observable';
  if (isGeneratorObject(result)) return 'generator';
  return 'plain';
}
