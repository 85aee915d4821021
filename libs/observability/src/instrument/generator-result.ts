import type { CallRecord } from './call';
import type { MethodInstrumentation } from './method-instrumentation';
import { runInCall } from './call';

type Step = 'next' | 'throw' | 'return';
/** A generator or async generator. @internal */
export type AnyGenerator =
  Generator<unknown, unknown, unknown> | AsyncGenerator<unknown, unknown, unknown>;

/**
 * Whether `value` is a generator or async-generator object.
 *
 * @internal
 */
export function isGeneratorObject(value: object): value is AnyGenerator {
  const tag = Object.prototype.toString.call(value);
  return (
    (tag === '[object Generator]' || tag === '[object AsyncGenerator]') &&
    typeof (value as { next?: unknown }).next === 'function'
  );
}

/**
 * Whether `fn` is a generator or async-generator function (its body runs only on iteration).
 *
 * @internal
 */
export function isGeneratorFunction(fn: object): boolean {
  const tag = (fn as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  return tag === 'GeneratorFunction' || tag === 'AsyncGeneratorFunction';
}

/**
 * Returns a generator that iterates `inner` and measures the iteration: from the first step to
 * the return (`success`), a throw (`error`) or an early `return()` such as `break` (`cancelled`).
 * Each step runs with the call's span active. `begin` gives the call record at the first step;
 * `adopted` says it was begun at call time and its clock restarts then.
 *
 * @internal
 */
export function observeGenerator(
  plan: MethodInstrumentation,
  begin: () => CallRecord,
  inner: AnyGenerator,
  adopted: boolean,
): AnyGenerator {
  const isAsync = Object.prototype.toString.call(inner) === '[object AsyncGenerator]';
  let call: CallRecord | undefined;
  const current = (): CallRecord => {
    if (call === undefined) {
      call = begin();
      if (adopted) plan.restartClock(call);
    }
    return call;
  };
  const settle = (record: CallRecord, step: Step, result: IteratorResult<unknown>) => {
    if (result.done === true)
      plan.end(record, step === 'return' ? 'cancelled' : 'success', result.value);
    return result;
  };
  const stepper = (step: Step) =>
    function (this: unknown, arg?: unknown): unknown {
      const record = current();
      let result: unknown;
      try {
        const method = Reflect.get(inner, step) as (a: unknown) => unknown;
        result = runInCall(record, method, inner, [arg]);
      } catch (error) {
        plan.end(record, 'error', error);
        throw error;
      }
      if (!isAsync) return settle(record, step, result as IteratorResult<unknown>);
      return (result as Promise<IteratorResult<unknown>>).then(
        (r) => settle(record, step, r),
        (error: unknown) => {
          plan.end(record, 'error', error);
          throw error;
        },
      );
    };
  const wrapper = Object.create(Object.getPrototypeOf(inner) as object) as AnyGenerator;
  Object.defineProperties(wrapper, {
    next: { value: stepper('next'), writable: true, configurable: true },
    throw: { value: stepper('throw'), writable: true, configurable: true },
    return: { value: stepper('return'), writable: true, configurable: true },
  });
  return wrapper;
}
