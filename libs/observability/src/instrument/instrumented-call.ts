import type { InstrumentedCall } from '../decorators/decorator-options.interface';
import type { CallOutcome } from './call-record';
import type { CallRecord } from './call-record';

/** The public view of one call; `args` is copied only when a function reads it. */
class CallView implements InstrumentedCall {
  private copied: readonly unknown[] | undefined;

  constructor(
    private readonly call: CallRecord,
    readonly outcome: CallOutcome | undefined,
  ) {}

  get args(): readonly unknown[] {
    this.copied ??= Array.prototype.slice.call(this.call.args) as unknown[];
    return this.copied;
  }
  get instance(): unknown {
    return this.call.thisArg;
  }
  get result(): unknown {
    return this.call.result;
  }
  get error(): unknown {
    return this.call.error;
  }
}

/**
 * The public view of `call` given to label and attribute functions.
 *
 * @internal
 */
export function instrumentedCall(call: CallRecord, ended: boolean): InstrumentedCall {
  return new CallView(call, ended ? call.outcome : undefined);
}
