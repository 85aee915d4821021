import type { CallRecord } from './call-record';
import type { MethodInstrumentation } from './method-instrumentation';

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
