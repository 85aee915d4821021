import type { InstrumentedCall } from '../decorators/decorator-options.interface';
import type { CallRecord } from './call-record';

/**
 * The public view of `call` given to label and attribute functions.
 *
 * @internal
 */
export function instrumentedCall(call: CallRecord, ended: boolean): InstrumentedCall {
  return {
    args: Array.from(call.args),
    instance: call.thisArg,
    outcome: ended ? call.outcome : undefined,
    result: call.result,
    error: call.error,
  };
}
