import { context } from '@opentelemetry/api';
import type { Subscription } from 'rxjs';
import { Observable, isObservable } from 'rxjs';
import type { CallRecord } from './call';
import { reportInstrumentationFailure } from './failure-reporter';
import type { AnyGenerator } from './generator-result';
import { isGeneratorObject, observeGenerator } from './generator-result';
import type { MethodInstrumentation } from './method-instrumentation';

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

/**
 * Ends `call` when `promise` settles and returns a Promise of the same class that settles with
 * the very same value or error object. Returning a derived Promise (rather than observing the
 * caller's) keeps the caller's unhandled-rejection behaviour exactly as without the decorator.
 *
 * @internal
 */
export function settleWithPromise(
  plan: MethodInstrumentation,
  call: CallRecord,
  promise: Promise<unknown>,
): Promise<unknown> {
  return promise.then(
    (value) => {
      plan.end(call, 'success', value);
      return value;
    },
    (error: unknown) => {
      plan.end(call, 'error', error);
      throw error;
    },
  );
}

type Then = (onFulfilled?: unknown, onRejected?: unknown) => unknown;

/**
 * Returns `thenable` itself, seen through a Proxy that ends `call` when the thenable settles for
 * its first consumer. Nothing is called on it eagerly: a lazy thenable (a query builder that runs
 * on `then`) runs once, when the caller awaits it, exactly as without the decorator.
 *
 * @internal
 */
export function observeThenable(
  plan: MethodInstrumentation,
  call: CallRecord,
  thenable: PromiseLike<unknown>,
): PromiseLike<unknown> {
  let observed = false;
  return new Proxy(thenable, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'then' || typeof value !== 'function' || observed) return value;
      const then = value as Then;
      return function observedThen(this: unknown, onFulfilled?: unknown, onRejected?: unknown) {
        if (observed) return Reflect.apply(then, this, [onFulfilled, onRejected]);
        observed = true;
        return Reflect.apply(then, this, [
          (result: unknown) => {
            plan.end(call, 'success', result);
            return typeof onFulfilled === 'function' ? (onFulfilled as Then)(result) : result;
          },
          (error: unknown) => {
            plan.end(call, 'error', error);
            if (typeof onRejected === 'function') return (onRejected as Then)(error);
            throw error;
          },
        ]);
      };
    },
  });
}

/**
 * Returns an Observable that, for each subscriber, subscribes to `source` exactly once and
 * measures that subscription from its start to complete (`success`), error (`error`) or
 * unsubscribe (`cancelled`). The first subscription continues the call's own record (its clock
 * restarted at subscription); each later one is measured as a call of its own. Never subscribed:
 * nothing is recorded.
 *
 * @internal
 */
export function observeObservable(
  plan: MethodInstrumentation,
  call: CallRecord,
  source: Observable<unknown>,
): Observable<unknown> {
  let adopted = false;
  return new Observable<unknown>((subscriber) => {
    let record: CallRecord;
    if (adopted) {
      record = plan.begin(call.thisArg, call.args, call.parentContext);
    } else {
      adopted = true;
      record = call;
      plan.restartClock(record);
    }
    let subscription: Subscription;
    try {
      subscription = context.with(record.context, () =>
        source.subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            plan.end(record, 'error', error);
            subscriber.error(error);
          },
          complete: () => {
            plan.end(record, 'success', undefined);
            subscriber.complete();
          },
        }),
      );
    } catch (error) {
      plan.end(record, 'error', error);
      throw error;
    }
    return () => {
      plan.end(record, 'cancelled', undefined);
      subscription.unsubscribe();
    };
  });
}
