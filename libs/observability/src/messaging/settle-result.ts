import type { Context } from '@opentelemetry/api';
import { context } from '@opentelemetry/api';
import type { Subscription } from 'rxjs';
import { Observable, isObservable } from 'rxjs';
import type { CallOutcome } from '../instrument/call';

/** Called once, when the work behind a result has ended. @internal */
export type Finish = (outcome: CallOutcome, error?: unknown) => void;

/**
 * `source` seen by one subscriber, subscribed in `scope` (so work deferred to the subscription,
 * such as a handler behind Nest's interceptors, runs in it), calling `finish` once when it
 * completes (`success`), errors (`error`) or is unsubscribed first (`cancelled`).
 *
 * @internal
 */
export function observeInScope(
  source: Observable<unknown>,
  scope: Context,
  finish: Finish,
): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    let subscription: Subscription;
    try {
      subscription = context.with(scope, () =>
        source.subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            finish('error', error);
            subscriber.error(error);
          },
          complete: () => {
            finish('success');
            subscriber.complete();
          },
        }),
      );
    } catch (error) {
      finish('error', error);
      throw error;
    }
    return () => {
      finish('cancelled');
      subscription.unsubscribe();
    };
  });
}

/**
 * What a Nest microservice handler returned (a Promise of a value or of a reply stream, a stream,
 * a value), returned as the transport expects it, with `finish` called once when the work ends:
 * the Promise settled with a plain value, or the stream completed or failed.
 *
 * @internal
 */
export function settleHandlerResult(result: unknown, scope: Context, finish: Finish): unknown {
  let ended = false;
  const once: Finish = (outcome, error) => {
    if (ended) return;
    ended = true;
    finish(outcome, error);
  };
  const settleValue = (value: unknown): unknown => {
    if (isObservable(value)) return observeInScope(value, scope, once);
    once('success');
    return value;
  };
  if (result instanceof Promise) {
    return result.then(settleValue, (error: unknown) => {
      once('error', error);
      throw error;
    });
  }
  return settleValue(result);
}
