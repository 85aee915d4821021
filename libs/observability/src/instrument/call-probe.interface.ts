import type { CallRecord } from './call-record';

/**
 * What a probe records: one span, one duration, one count. At most one `span` probe per method.
 *
 * @internal
 */
export type ProbeKind = 'span' | 'duration' | 'count';

/**
 * One thing recorded about every call of an instrumented method. Decorators translate their
 * options into a probe; the engine calls `enter` when the work starts and `exit` once when it has
 * ended, whatever the shape of the result. A probe may throw: the engine reports it and goes on.
 *
 * @internal
 */
export interface CallProbe {
  readonly kind: ProbeKind;
  /** The work is about to start. A span probe opens its span here and sets `call.context`. */
  enter(call: CallRecord): void;
  /** The work has ended: `call.outcome`, `call.error` or `call.result`, and the clock are set. */
  exit(call: CallRecord): void;
}
