import type { CallRecord } from './call-record';
import { reportInstrumentationFailure } from './failure-reporter';
import type { MethodInstrumentation } from './method-instrumentation';
import { completeCall } from './complete-call';
import { runInCall } from './run-in-call';

import type { AnyFunction } from './run-in-call';

/**
 * One call of an instrumented (non-generator) method: begin, run, and hand the result to
 * `completeCall`, which ends the measurement when the work ends, whatever the result's shape.
 * The caller gets what `original` returned or threw; if beginning fails, `original` runs plain.
 *
 * @internal
 */
export function invokeInstrumented(
  plan: MethodInstrumentation,
  original: AnyFunction,
  thisArg: unknown,
  args: ArrayLike<unknown>,
): unknown {
  let call: CallRecord;
  try {
    call = plan.begin(thisArg, args);
  } catch (error) {
    reportInstrumentationFailure(plan.site.qualifiedName, 'start-call', error);
    return Reflect.apply(original, thisArg, args);
  }
  let result: unknown;
  try {
    result = runInCall(call, original, thisArg, args);
  } catch (error) {
    plan.end(call, 'error', error);
    throw error;
  }
  return completeCall(plan, call, result);
}
