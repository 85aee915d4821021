import { context } from '@opentelemetry/api';
import type { Subscription } from 'rxjs';
import { Observable } from 'rxjs';
import type { CallRecord } from './call-record';
import type { MethodInstrumentation } from './method-instrumentation';

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
